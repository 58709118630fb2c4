//! Pure. The manifest's JSON schema compiled once for the structure check: one shape per
//! schema, references resolved, properties listed in the schema's order.

use std::collections::HashMap;

use serde_json::Value;

pub(super) type ShapeId = usize;

/// A JSON schema compiled for checking: one shape per schema, references resolved.
#[derive(Debug)]
pub struct Schema {
    pub(super) shapes: Vec<Shape>,
    pub(super) root: ShapeId,
}

#[derive(Debug)]
pub(super) enum Shape {
    /// One of these constants (an enumeration).
    Enum(Vec<Value>),
    Const(Value),
    /// One of several shapes, told apart by the value's type.
    Branches(Vec<ShapeId>),
    Typed(Typed),
}

#[derive(Debug, Default)]
pub(super) struct Typed {
    /// JSON types allowed (`string`, `null`, …); empty when the schema does not say.
    pub(super) types: Vec<String>,
    pub(super) minimum: Option<f64>,
    pub(super) maximum: Option<i128>,
    /// In the schema's order (messages list them so).
    pub(super) properties: Vec<(String, ShapeId)>,
    pub(super) additional: Additional,
    pub(super) required: Vec<String>,
    pub(super) items: Option<ShapeId>,
}

/// The definitions whose unknown keys are left for validation, which knows more: an
/// account's keys depend on its provider's type (`validate.rs` names that type's keys and the
/// nearest one; the schema knows only the keys of every type together).
const LATER: &[&str] = &["Account"];

#[derive(Debug, Default)]
pub(super) enum Additional {
    #[default]
    Any,
    Forbidden,
    /// Not known here: kept, unchecked, for a later check to report (see [`LATER`]).
    Later,
    Shape(ShapeId),
}

impl Schema {
    /// Compiles a whole generated schema (with its `$defs`).
    pub fn compile(root: &Value) -> Schema {
        let mut compiler = Compiler {
            root,
            shapes: Vec::new(),
            defs: HashMap::new(),
        };
        let root_id = compiler.shape(root);
        Schema {
            shapes: compiler.shapes,
            root: root_id,
        }
    }

    pub(super) fn typed(&self, id: ShapeId) -> Option<&Typed> {
        match &self.shapes[id] {
            Shape::Typed(typed) => Some(typed),
            _ => None,
        }
    }
}

struct Compiler<'v> {
    root: &'v Value,
    shapes: Vec<Shape>,
    defs: HashMap<String, ShapeId>,
}

impl Compiler<'_> {
    fn shape(&mut self, schema: &Value) -> ShapeId {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/$defs/");
            if let Some(id) = self.defs.get(name) {
                return *id;
            }
            let Some(target) = self.root.get("$defs").and_then(|defs| defs.get(name)) else {
                return self.push(Shape::Typed(Typed::default()));
            };
            // Reserve the slot first, so that a definition may refer to itself.
            let id = self.push(Shape::Typed(Typed::default()));
            self.defs.insert(name.to_string(), id);
            let mut compiled = self.compile(target);
            if LATER.contains(&name)
                && let Shape::Typed(typed) = &mut compiled
                && matches!(typed.additional, Additional::Forbidden)
            {
                typed.additional = Additional::Later;
            }
            self.shapes[id] = compiled;
            return id;
        }
        let compiled = self.compile(schema);
        self.push(compiled)
    }

    fn push(&mut self, shape: Shape) -> ShapeId {
        self.shapes.push(shape);
        self.shapes.len() - 1
    }

    fn compile(&mut self, schema: &Value) -> Shape {
        if let Some(branches) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            let ids: Vec<ShapeId> = branches.iter().map(|b| self.shape(b)).collect();
            let consts: Vec<Value> = ids
                .iter()
                .filter_map(|id| match &self.shapes[*id] {
                    Shape::Const(value) => Some(value.clone()),
                    _ => None,
                })
                .collect();
            if !consts.is_empty() && consts.len() == ids.len() {
                return Shape::Enum(consts);
            }
            return Shape::Branches(ids);
        }
        if let Some(constant) = schema.get("const") {
            return Shape::Const(constant.clone());
        }
        let types = match schema.get("type") {
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(many)) => many
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|map| {
                map.iter()
                    .map(|(name, child)| (name.clone(), self.shape(child)))
                    .collect()
            })
            .unwrap_or_default();
        let additional = match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(child) if child.is_object() => Additional::Shape(self.shape(child)),
            _ => Additional::Any,
        };
        let maximum = match schema.get("format").and_then(Value::as_str) {
            Some("uint32") => Some(i128::from(u32::MAX)),
            Some("uint64") => Some(i128::from(u64::MAX)),
            Some("int32") => Some(i128::from(i32::MAX)),
            Some("int64") => Some(i128::from(i64::MAX)),
            _ => None,
        };
        Shape::Typed(Typed {
            types,
            minimum: schema.get("minimum").and_then(Value::as_f64),
            maximum,
            properties,
            additional,
            required: schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            items: schema.get("items").map(|items| self.shape(items)),
        })
    }
}
