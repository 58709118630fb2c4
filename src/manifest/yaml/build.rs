//! Pure. Builds the [`Node`] tree of one document from the YAML parser's events: positions
//! of every key and value, anchors and aliases (expanded, within [`MAX_ALIAS_EXPANSION`]),
//! merge keys (`<<`), and the limits on size and nesting, each named when hit. Reading events
//! directly, rather than through serde, costs a third of the time.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_saphyr::granit_parser::{ErrorKind, Event, Options, Parser, ScalarStyle, ScanError};
use serde_saphyr::granit_parser::{Span, StrInput, Tag};

use super::{
    Key, MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_NODES, Name, Node, NodeValue, Position, SPLIT_HINT,
    SyntaxError, scalar, thousands,
};

/// Reads the one document of `text`.
pub(super) fn document<'a, N: Name<'a>>(text: &'a str) -> Result<Node<'a, N>, SyntaxError> {
    let mut options = Options::default();
    options.set_emit_comments(false);
    let mut builder = Builder {
        parser: Parser::new_from_str_with_options(text, options),
        anchors: HashMap::new(),
        nodes: 0,
        expanded: 0,
        depth: 0,
        last: Position { line: 1, column: 1 },
        items: Vec::new(),
        entries: Vec::new(),
    };
    builder.stream()
}

struct Builder<'a, N> {
    parser: Parser<'a, StrInput<'a>>,
    /// Anchored values by id, with their size in values.
    anchors: HashMap<usize, (Node<'a, N>, usize)>,
    nodes: usize,
    expanded: usize,
    depth: usize,
    /// Where the last event was, for an error at the end of the text.
    last: Position,
    /// The items and entries of the lists and maps being read, innermost last: each is
    /// moved to a vector of its own size when it ends.
    items: Vec<Node<'a, N>>,
    entries: Entries<'a, N>,
}

/// A map's entries.
type Entries<'a, N> = Vec<(Key<N>, Node<'a, N>)>;

fn position(span: &Span) -> Position {
    Position {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
    }
}

fn byte_range(span: &Span) -> (u32, u32) {
    let offset = |marker: &serde_saphyr::granit_parser::Marker| {
        marker
            .byte_offset()
            .and_then(|o| u32::try_from(o).ok())
            .unwrap_or(0)
    };
    (offset(&span.start), offset(&span.end))
}

fn error(at: Position, message: String, hint: Option<&str>) -> SyntaxError {
    SyntaxError {
        at,
        message,
        hint: hint.map(str::to_string),
    }
}

fn scan_error(error: &ScanError) -> SyntaxError {
    let marker = error.marker();
    let at = Position {
        line: u32::try_from(marker.line()).unwrap_or(u32::MAX),
        column: u32::try_from(marker.col() + 1).unwrap_or(u32::MAX),
    };
    let message = match error.kind() {
        ErrorKind::UnknownAnchor => {
            "an alias (`*name`) refers to no anchor (`&name`) defined before it".into()
        }
        _ => error.info(),
    };
    SyntaxError {
        at,
        message,
        hint: None,
    }
}

/// Where an event is: its position and byte range (taken from the parser's larger span at
/// once, so that only these are moved around).
#[derive(Clone, Copy)]
struct Place {
    at: Position,
    range: (u32, u32),
}

impl<'a, N: Name<'a>> Builder<'a, N> {
    fn next(&mut self) -> Result<(Event<'a>, Place), SyntaxError> {
        match self.parser.next_event() {
            Some(Ok((event, span))) => {
                let place = Place {
                    at: position(&span),
                    range: byte_range(&span),
                };
                self.last = place.at;
                Ok((event, place))
            }
            Some(Err(problem)) => Err(scan_error(&problem)),
            None => Err(error(self.last, "the YAML ends early".into(), None)),
        }
    }

    /// The stream of one document: anything after its end but another document is fine.
    fn stream(&mut self) -> Result<Node<'a, N>, SyntaxError> {
        let mut root = None;
        loop {
            let (event, place) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd => {}
                Event::StreamEnd => break,
                Event::DocumentStart(..) if root.is_some() => {
                    return Err(error(
                        place.at,
                        "a second YAML document starts here (`---`); a manifest file holds one document"
                            .into(),
                        Some("put each document in a file of its own; `-f` takes a directory and merges every `*.yaml` in it"),
                    ));
                }
                Event::DocumentStart(..) => {
                    let (event, place) = self.next()?;
                    root = Some(self.node(event, place)?);
                }
                _ => {}
            }
        }
        Ok(root.unwrap_or(Node {
            at: Position { line: 1, column: 1 },
            span: (0, 0),
            value: NodeValue::Map(Vec::new()),
        }))
    }

    fn count(&mut self, at: Position) -> Result<(), SyntaxError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(error(
                at,
                format!(
                    "the file holds more than {} YAML values (usersync's limit for one file)",
                    thousands(MAX_NODES)
                ),
                Some(SPLIT_HINT),
            ));
        }
        Ok(())
    }

    fn enter(&mut self, at: Position) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error(
                at,
                format!(
                    "lists and maps nested more than {MAX_DEPTH} levels deep (usersync's limit); a manifest needs 6"
                ),
                Some("check the brackets and the indentation here"),
            ));
        }
        Ok(())
    }

    fn node(&mut self, event: Event<'a>, place: Place) -> Result<Node<'a, N>, SyntaxError> {
        let at = place.at;
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.count(at)?;
                let value = scalar::resolve(text, style, tag.as_deref()).map_err(|message| {
                    error(
                        at,
                        message,
                        Some("remove the tag, or write a value of that type"),
                    )
                })?;
                let node = Node {
                    at,
                    span: place.range,
                    value,
                };
                (node, anchor)
            }
            Event::SequenceStart(_, anchor, tag) => {
                fits(tag.as_deref(), "seq", "a list", at)?;
                self.count(at)?;
                self.enter(at)?;
                let start = self.items.len();
                loop {
                    let (event, place) = self.next()?;
                    if let Event::SequenceEnd = event {
                        break;
                    }
                    let item = self.node(event, place)?;
                    self.items.push(item);
                }
                self.depth -= 1;
                let items: Vec<Node<'a, N>> = self.items.drain(start..).collect();
                let node = Node {
                    at,
                    span: (0, 0),
                    value: NodeValue::Seq(items),
                };
                (node, anchor)
            }
            Event::MappingStart(_, anchor, tag) => {
                fits(tag.as_deref(), "map", "a map", at)?;
                self.count(at)?;
                self.enter(at)?;
                let entries = self.map()?;
                self.depth -= 1;
                let node = Node {
                    at,
                    span: (0, 0),
                    value: NodeValue::Map(entries),
                };
                (node, anchor)
            }
            Event::Alias(id) => return self.alias(id, at),
            _ => {
                return Err(error(at, "unexpected YAML here".into(), None));
            }
        };
        if anchor != 0 {
            self.anchors
                .insert(anchor, (node.clone(), size_of_tree(&node)));
        }
        Ok(node)
    }

    /// A copy of the anchored value, counted against the expansion limit.
    fn alias(&mut self, id: usize, at: Position) -> Result<Node<'a, N>, SyntaxError> {
        let Some((node, size)) = self.anchors.get(&id) else {
            return Err(error(
                at,
                "an alias (`*name`) inside the value its anchor names".into(),
                None,
            ));
        };
        self.expanded += size;
        if self.expanded > MAX_ALIAS_EXPANSION {
            return Err(error(
                at,
                format!(
                    "anchors and aliases (`&name`, `*name`) in this file expand to more than {} values (usersync's limit for one file)",
                    thousands(MAX_ALIAS_EXPANSION)
                ),
                Some(
                    "write the values out instead of nesting aliases, or split the manifest into several files",
                ),
            ));
        }
        // Values reached through an alias are located at the alias, as the YAML library
        // locates them: that is where this use of them is written.
        let mut copy = node.clone();
        relocate(&mut copy, at);
        Ok(copy)
    }

    /// A map's entries; merge keys (`<<`) add the entries of the maps they name that the map
    /// does not set itself.
    fn map(&mut self) -> Result<Entries<'a, N>, SyntaxError> {
        let start = self.entries.len();
        let mut merged = Vec::new();
        loop {
            let (event, place) = self.next()?;
            if let Event::MappingEnd = event {
                break;
            }
            let (key, merge) = self.key(event, place)?;
            let (event, place) = self.next()?;
            let value = self.node(event, place)?;
            if merge {
                merged.push(value);
            } else {
                self.entries.push((key, value));
            }
        }
        let mut entries: Entries<'a, N> = self.entries.drain(start..).collect();
        if merged.is_empty() {
            return Ok(entries);
        }
        for source in merged {
            let maps = match source.value {
                NodeValue::Map(entries) => vec![entries],
                NodeValue::Seq(items)
                    if items.iter().all(|i| matches!(i.value, NodeValue::Map(_))) =>
                {
                    items
                        .into_iter()
                        .map(|item| match item.value {
                            NodeValue::Map(entries) => entries,
                            _ => Vec::new(),
                        })
                        .collect()
                }
                _ => {
                    return Err(error(
                        source.at,
                        "a merge key (`<<`) takes a map or a list of maps".into(),
                        None,
                    ));
                }
            };
            for (key, value) in maps.into_iter().flatten() {
                if !entries
                    .iter()
                    .any(|(have, _)| have.name.as_ref() == key.name.as_ref())
                {
                    entries.push((key, value));
                }
            }
        }
        entries.shrink_to_fit();
        Ok(entries)
    }

    /// A key as text (a number or boolean key as its value's text, as serde reads it), and
    /// whether it is a merge key.
    fn key(&mut self, event: Event<'a>, place: Place) -> Result<(Key<N>, bool), SyntaxError> {
        let at = place.at;
        let merge = matches!(
            &event,
            Event::Scalar(text, ScalarStyle::Plain, _, None) if text == "<<"
        );
        let node = match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    "a list"
                } else {
                    "a map"
                };
                return Err(error(
                    at,
                    format!("found {kind}, expected a key that is a name (text or a number)"),
                    None,
                ));
            }
            other => self.node(other, place)?,
        };
        let name = match node.value {
            NodeValue::Str(text) => text,
            NodeValue::Null => Cow::Borrowed("null"),
            NodeValue::Bool(flag) => Cow::Owned(flag.to_string()),
            NodeValue::Int(value) => Cow::Owned(value.to_string()),
            NodeValue::Float(value) => Cow::Owned(value.to_string()),
            NodeValue::Seq(_) | NodeValue::Map(_) => {
                return Err(error(
                    at,
                    format!(
                        "found {}, expected a key that is a name (text or a number)",
                        node.value.kind()
                    ),
                    None,
                ));
            }
        };
        Ok((
            Key {
                name: N::from(name),
                at,
            },
            merge,
        ))
    }
}

/// A core tag on a list or map must be its own (`!!seq`, `!!map`); other tags are ignored,
/// as the YAML library ignores them.
fn fits(tag: Option<&Tag>, own: &str, kind: &str, at: Position) -> Result<(), SyntaxError> {
    match tag.and_then(Tag::core_suffix) {
        Some(suffix) if suffix != own => Err(error(
            at,
            format!("the tag `!!{suffix}` does not fit {kind}"),
            Some("remove the tag"),
        )),
        _ => Ok(()),
    }
}

/// Places every key and value of a tree at `at`.
fn relocate<N>(node: &mut Node<'_, N>, at: Position) {
    node.at = at;
    match &mut node.value {
        NodeValue::Seq(items) => items.iter_mut().for_each(|item| relocate(item, at)),
        NodeValue::Map(entries) => entries.iter_mut().for_each(|(key, value)| {
            key.at = at;
            relocate(value, at);
        }),
        _ => {}
    }
}

/// How many values a tree holds.
fn size_of_tree<N>(node: &Node<'_, N>) -> usize {
    1 + match &node.value {
        NodeValue::Seq(items) => items.iter().map(size_of_tree).sum(),
        NodeValue::Map(entries) => entries.iter().map(|(_, v)| 1 + size_of_tree(v)).sum(),
        _ => 0,
    }
}
