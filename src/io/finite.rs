//! Finds what a project file may not carry, anywhere inside a serialisable value, and says
//! where it is (`stages[3].capacity_per_year`): numbers that are not finite (NaN, infinity),
//! and text with control characters or longer than its cap.
//!
//! RON reads `NaN` and `inf` as numbers, and a literal such as `1e400` overflows to infinity, so
//! a project file can carry values no planner typed. Text can carry characters no planner sees
//! (NUL, escape, the vertical tab Word pastes for a line break, U+FFFE) that make an exported
//! SVG invalid XML, and names of a million characters that stall drawing. Walking the value
//! through serde's `Serialize` sees every field of every type, including ones added later,
//! without a list of fields to keep in step with the model.

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Longest name, id, unit, code or label, in characters (see `docs/FORMAT.md`).
pub const MAX_NAME_CHARS: usize = 200;

/// Longest free text (notes, descriptions, sources), in characters (see `docs/FORMAT.md`).
pub const MAX_LONG_TEXT_CHARS: usize = 100_000;

/// Fields holding free text (a price deck commodity's `source` too), where tab, line feed and
/// carriage return are allowed and the cap is [`MAX_LONG_TEXT_CHARS`]. Text anywhere under them (a source note keyed by field name)
/// counts as free text.
const LONG_TEXT_FIELDS: [&str; 4] = ["notes", "description", "sources", "source"];

/// Where the first number that is not finite sits in `value`, with the number, or `None` when
/// every number is finite. Text is not looked at.
pub fn first_non_finite<T: Serialize + ?Sized>(value: &T) -> Option<NonFinite> {
    match walk(value, false) {
        Some(Problem::NotFinite(found)) => Some(found),
        Some(Problem::Text(_)) | None => None,
    }
}

/// The first thing in `value` a project file may not hold: a number that is not finite, or
/// text that breaks the rules of [`TextProblem`]. `None` when there is nothing.
pub fn first_problem<T: Serialize + ?Sized>(value: &T) -> Option<Problem> {
    walk(value, true)
}

fn walk<T: Serialize + ?Sized>(value: &T, check_text: bool) -> Option<Problem> {
    let mut walker = Walker {
        path: Vec::new(),
        check_text,
    };
    match value.serialize(&mut walker) {
        Err(Stop::Found(found)) => Some(found),
        // A type that cannot be serialised at all holds nothing to report.
        Ok(()) | Err(Stop::Other) => None,
    }
}

/// Something a project file may not hold, and where it is.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A number that is not finite.
    NotFinite(NonFinite),
    /// Text that is not allowed.
    Text(BadText),
}

/// Text a project may not hold, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadText {
    /// Path from the top, as in [`NonFinite::path`].
    pub path: String,
    /// What is wrong with it.
    pub problem: TextProblem,
}

/// Why a piece of text is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    /// A control character (U+0000-U+001F, U+007F-U+009F; tab, line feed and carriage return
    /// are allowed in free text) or one of the non-characters U+FFFE and U+FFFF.
    ControlCharacter {
        /// The character.
        character: char,
        /// Its position in the text, in characters from 1.
        position: usize,
    },
    /// Longer than the cap for its kind of text.
    TooLong {
        /// Its length in characters.
        chars: usize,
        /// The cap: [`MAX_NAME_CHARS`] or [`MAX_LONG_TEXT_CHARS`].
        limit: usize,
    },
}

impl std::fmt::Display for TextProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ControlCharacter {
                character,
                position,
            } => write!(
                f,
                "holds the invisible control character U+{:04X} at character {position}",
                u32::from(*character)
            ),
            Self::TooLong { chars, limit } => {
                write!(f, "is {chars} characters long; at most {limit} are allowed")
            }
        }
    }
}

/// The first rule `text` breaks, as a name (`long_text == false`) or as free text.
pub fn check_text(text: &str, long_text: bool) -> Option<TextProblem> {
    let limit = if long_text {
        MAX_LONG_TEXT_CHARS
    } else {
        MAX_NAME_CHARS
    };
    // Most text is plain ASCII well under the cap: one pass over the bytes decides it.
    if text.len() <= limit && text.bytes().all(|byte| (0x20..0x7f).contains(&byte)) {
        return None;
    }
    let mut chars = 0;
    for (index, character) in text.chars().enumerate() {
        let allowed_space = long_text && matches!(character, '\t' | '\n' | '\r');
        if (character.is_control() && !allowed_space)
            || matches!(character, '\u{fffe}' | '\u{ffff}')
        {
            return Some(TextProblem::ControlCharacter {
                character,
                position: index + 1,
            });
        }
        chars = index + 1;
    }
    (chars > limit).then_some(TextProblem::TooLong { chars, limit })
}

/// A number that is not finite, and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct NonFinite {
    /// Path from the top: field names, `[index]` for list items, `{key}` for map entries.
    pub path: String,
    /// The value (NaN, inf or -inf).
    pub value: f64,
}

/// Ends the walk: at the first problem, or when a type cannot be serialised.
#[derive(Debug)]
enum Stop {
    Found(Problem),
    Other,
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Found(Problem::NotFinite(found)) => {
                write!(f, "{} at {}", found.value, found.path)
            }
            Self::Found(Problem::Text(found)) => write!(f, "{} {}", found.path, found.problem),
            Self::Other => f.write_str("not serialisable"),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<M: std::fmt::Display>(_message: M) -> Self {
        // A type whose serialisation fails is not a number or text problem; report nothing.
        Self::Other
    }
}

/// One step of the path to the value being visited. Fields and positions are kept as they are
/// and only written out when a number is not finite: the walk visits every field of every stage
/// on each load, and text for each would cost more than the walk itself.
enum Segment {
    /// A struct field or an enum variant: `.name`.
    Name(&'static str),
    /// A position in a list or tuple: `[3]`.
    Index(usize),
    /// A map entry, by its key: `{key}`.
    Key(String),
}

/// Path segments of the value being visited.
struct Walker {
    path: Vec<Segment>,
    /// Whether text is checked too ([`first_problem`]) or only numbers.
    check_text: bool,
}

impl Walker {
    fn check(&self, value: f64) -> Result<(), Stop> {
        if value.is_finite() {
            return Ok(());
        }
        Err(Stop::Found(Problem::NotFinite(NonFinite {
            path: self.path_text(),
            value,
        })))
    }

    fn check_str(&self, text: &str) -> Result<(), Stop> {
        if !self.check_text {
            return Ok(());
        }
        let long_text = self.path.iter().any(
            |segment| matches!(segment, Segment::Name(name) if LONG_TEXT_FIELDS.contains(name)),
        );
        match check_text(text, long_text) {
            None => Ok(()),
            Some(problem) => Err(Stop::Found(Problem::Text(BadText {
                path: self.path_text(),
                problem,
            }))),
        }
    }

    /// The path as text, written out only when something is found.
    fn path_text(&self) -> String {
        let mut path = String::new();
        for segment in &self.path {
            match segment {
                Segment::Name(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Segment::Index(index) => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
                Segment::Key(key) => {
                    path.push('{');
                    path.push_str(key);
                    path.push('}');
                }
            }
        }
        path
    }

    fn visit<T: Serialize + ?Sized>(&mut self, segment: Segment, value: &T) -> Result<(), Stop> {
        self.path.push(segment);
        let result = value.serialize(&mut *self);
        self.path.pop();
        result
    }
}

/// Visits the items of a list, tuple or map, naming each by its position.
struct Items<'w> {
    walker: &'w mut Walker,
    next: usize,
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        let segment = Segment::Index(self.next);
        self.next += 1;
        self.walker.visit(segment, value)
    }
}

/// Renders a map key as text for the path; keys in Uplift's types are strings.
struct KeyText;

macro_rules! key_to_string {
    ($($method:ident: $type:ty),*) => {
        $(fn $method(self, value: $type) -> Result<String, Stop> {
            Ok(value.to_string())
        })*
    };
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Stop;
    type SerializeSeq = Impossible<String, Stop>;
    type SerializeTuple = Impossible<String, Stop>;
    type SerializeTupleStruct = Impossible<String, Stop>;
    type SerializeTupleVariant = Impossible<String, Stop>;
    type SerializeMap = Impossible<String, Stop>;
    type SerializeStruct = Impossible<String, Stop>;
    type SerializeStructVariant = Impossible<String, Stop>;

    key_to_string!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str
    );

    fn serialize_bytes(self, _value: &[u8]) -> Result<String, Stop> {
        Ok("bytes".to_owned())
    }
    fn serialize_none(self) -> Result<String, Stop> {
        Ok("none".to_owned())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Stop> {
        Ok("()".to_owned())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<String, Stop> {
        Ok(name.to_owned())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, Stop> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _value: &T,
    ) -> Result<String, Stop> {
        Ok(variant.to_owned())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Stop> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Stop> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Stop> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Stop> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Stop> {
        Err(ser::Error::custom("composite key"))
    }
}

macro_rules! ignore_scalars {
    ($($method:ident: $type:ty),*) => {
        $(fn $method(self, _value: $type) -> Result<(), Stop> {
            Ok(())
        })*
    };
}

impl<'w> ser::Serializer for &'w mut Walker {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Items<'w>;
    type SerializeTuple = Items<'w>;
    type SerializeTupleStruct = Items<'w>;
    type SerializeTupleVariant = Items<'w>;
    type SerializeMap = Items<'w>;
    type SerializeStruct = &'w mut Walker;
    type SerializeStructVariant = &'w mut Walker;

    ignore_scalars!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_char: char, serialize_bytes: &[u8]
    );

    fn serialize_str(self, value: &str) -> Result<(), Stop> {
        self.check_str(value)
    }
    fn serialize_f32(self, value: f32) -> Result<(), Stop> {
        self.check(f64::from(value))
    }
    fn serialize_f64(self, value: f64) -> Result<(), Stop> {
        self.check(value)
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.visit(Segment::Name(variant), value)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Items<'w>, Stop> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }
    fn serialize_tuple(self, _len: usize) -> Result<Items<'w>, Stop> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Items<'w>, Stop> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Items<'w>, Stop> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Items<'w>, Stop> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Stop> {
        Ok(self)
    }
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.item(value)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

impl ser::SerializeTuple for Items<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.item(value)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Items<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.item(value)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Items<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.item(value)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

impl ser::SerializeMap for Items<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        // Keys name the entry; a key that is itself a number is checked too.
        key.serialize(&mut *self.walker)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        self.item(value)
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), Stop> {
        key.serialize(&mut *self.walker)?;
        let name = key
            .serialize(KeyText)
            .unwrap_or_else(|_| self.next.to_string());
        self.next += 1;
        self.walker.visit(Segment::Key(name), value)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Walker {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.visit(Segment::Name(key), value)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Walker {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.visit(Segment::Name(key), value)
    }
    fn end(self) -> Result<(), Stop> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Serialize)]
    struct Inner {
        rate: f64,
        note: Option<f32>,
    }

    #[derive(Serialize)]
    struct Outer {
        name: String,
        items: Vec<Inner>,
        by_name: BTreeMap<String, f64>,
        pair: (i32, f64),
    }

    fn outer() -> Outer {
        Outer {
            name: "x".to_owned(),
            items: vec![
                Inner {
                    rate: 1.0,
                    note: None,
                },
                Inner {
                    rate: 2.0,
                    note: Some(0.5),
                },
            ],
            by_name: BTreeMap::from([("a".to_owned(), 1.0)]),
            pair: (1, 2.0),
        }
    }

    #[test]
    fn finite_values_pass() {
        assert_eq!(first_non_finite(&outer()), None);
    }

    #[test]
    fn each_place_a_number_can_hide_is_named() {
        let mut value = outer();
        value.items[1].rate = f64::NAN;
        let found = first_non_finite(&value).unwrap();
        assert_eq!(found.path, "items[1].rate");
        assert!(found.value.is_nan());

        let mut value = outer();
        value.items[0].note = Some(f32::INFINITY);
        assert_eq!(first_non_finite(&value).unwrap().path, "items[0].note");

        let mut value = outer();
        value.by_name.insert("b".to_owned(), f64::NEG_INFINITY);
        let found = first_non_finite(&value).unwrap();
        assert_eq!(found.path, "by_name{b}");
        assert!(found.value.is_infinite() && found.value < 0.0);

        let mut value = outer();
        value.pair.1 = f64::NAN;
        assert_eq!(first_non_finite(&value).unwrap().path, "pair[1]");
    }
}
