//! Pure. [`FieldMap`]: an account's fields and their values, in field order.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Field;

/// An account's fields and their values, in field order, each field once: the map of a
/// `BTreeMap<Field, V>`, kept as one sorted vector. An account has a handful of fields and a
/// directory 100,000 accounts: a tree node per account is mostly empty room (a `BTreeMap`
/// node has room for eleven), a vector of the fields read is as large as they are.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FieldMap<V> {
    entries: Vec<(Field, V)>,
}

impl<V> Default for FieldMap<V> {
    fn default() -> Self {
        FieldMap {
            entries: Vec::new(),
        }
    }
}

impl<V> FieldMap<V> {
    pub fn new() -> Self {
        FieldMap::default()
    }

    /// Room for `capacity` fields.
    pub fn with_capacity(capacity: usize) -> Self {
        FieldMap {
            entries: Vec::with_capacity(capacity),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, field: &Field) -> Result<usize, usize> {
        self.entries.binary_search_by(|(have, _)| have.cmp(field))
    }

    pub fn get(&self, field: &Field) -> Option<&V> {
        self.position(field)
            .ok()
            .map(|index| &self.entries[index].1)
    }

    pub fn contains_key(&self, field: &Field) -> bool {
        self.position(field).is_ok()
    }

    /// Sets `field` to `value`; the value it had, if any.
    pub fn insert(&mut self, field: Field, value: V) -> Option<V> {
        match self.position(&field) {
            Ok(index) => Some(std::mem::replace(&mut self.entries[index].1, value)),
            Err(index) => {
                self.entries.insert(index, (field, value));
                None
            }
        }
    }

    /// The fields and values, in field order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Field, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(field, value)| (field, value))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Field> + ExactSizeIterator {
        self.entries.iter().map(|(field, _)| field)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, value)| value)
    }

    /// Gives back the room no field uses.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }
}

impl<V> Extend<(Field, V)> for FieldMap<V> {
    /// Room is made for exactly the fields given (an account's fields are kept for the whole
    /// plan; a vector doubling as it grows would leave most of the room unused).
    fn extend<I: IntoIterator<Item = (Field, V)>>(&mut self, entries: I) {
        let entries = entries.into_iter();
        self.entries.reserve_exact(entries.size_hint().0);
        for (field, value) in entries {
            self.insert(field, value);
        }
    }
}

impl<V> FromIterator<(Field, V)> for FieldMap<V> {
    /// As a `BTreeMap` collects: a field given twice keeps its last value.
    fn from_iter<I: IntoIterator<Item = (Field, V)>>(entries: I) -> Self {
        let mut entries: Vec<(Field, V)> = entries.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0)); // stable: equal fields keep their order
        let mut kept: Vec<(Field, V)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        FieldMap { entries: kept }
    }
}

impl<V, const N: usize> From<[(Field, V); N]> for FieldMap<V> {
    fn from(entries: [(Field, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<'a, V> IntoIterator for &'a FieldMap<V> {
    type Item = (&'a Field, &'a V);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (Field, V)>, fn(&(Field, V)) -> (&Field, &V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(field, value)| (field, value))
    }
}

impl<V> IntoIterator for FieldMap<V> {
    type Item = (Field, V);
    type IntoIter = std::vec::IntoIter<(Field, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<V: fmt::Debug> fmt::Debug for FieldMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// As a map from field names to values, like the `BTreeMap` it stands for.
impl<V: Serialize> Serialize for FieldMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (field, value) in self {
            map.serialize_entry(field, value)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for FieldMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = FieldMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of fields")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(access.size_hint().unwrap_or(0));
                while let Some(entry) = access.next_entry::<Field, V>()? {
                    entries.push(entry);
                }
                Ok(entries.into_iter().collect())
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::FieldKind;

    fn fields() -> Vec<(Field, u32)> {
        vec![
            (Field::known(FieldKind::Phone), 1),
            (Field::custom("b"), 2),
            (Field::known(FieldKind::DisplayName), 3),
            (Field::custom("a"), 4),
            (Field::known(FieldKind::Phone), 5),
            (Field::part(FieldKind::Forwarding, "to"), 6),
        ]
    }

    #[test]
    fn holds_what_a_btree_map_holds_in_its_order() {
        let tree: BTreeMap<Field, u32> = fields().into_iter().collect();
        let collected: FieldMap<u32> = fields().into_iter().collect();
        let mut inserted = FieldMap::new();
        inserted.extend(fields());
        for map in [&collected, &inserted] {
            assert!(map.iter().eq(tree.iter()));
            assert_eq!(map.len(), tree.len());
            for field in tree.keys() {
                assert_eq!(map.get(field), tree.get(field));
            }
            assert_eq!(map.get(&Field::known(FieldKind::Email)), None);
        }
        assert_eq!(
            serde_json::to_string(&collected).unwrap(),
            serde_json::to_string(&tree).unwrap()
        );
        let back: FieldMap<u32> =
            serde_json::from_str(&serde_json::to_string(&tree).unwrap()).unwrap();
        assert_eq!(back, collected);
    }
}
