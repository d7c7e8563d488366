//! Finds numbers that are not finite (NaN, infinity) anywhere inside a serialisable value, and
//! says where they are (`stages[3].capacity_per_year`).
//!
//! RON reads `NaN` and `inf` as numbers, and a literal such as `1e400` overflows to infinity, so
//! a project file can carry values no planner typed. Walking the value through serde's
//! `Serialize` sees every field of every type, including ones added later, without a list of
//! fields to keep in step with the model.

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Where the first number that is not finite sits in `value`, with the number, or `None` when
/// every number is finite.
pub fn first_non_finite<T: Serialize + ?Sized>(value: &T) -> Option<NonFinite> {
    let mut walker = Walker::default();
    match value.serialize(&mut walker) {
        Err(Found(found)) if !found.value.is_finite() => Some(found),
        // A type that cannot be serialised at all holds no number to report.
        Ok(()) | Err(_) => None,
    }
}

/// A number that is not finite, and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct NonFinite {
    /// Path from the top: field names, `[index]` for list items, `{key}` for map entries.
    pub path: String,
    /// The value (NaN, inf or -inf).
    pub value: f64,
}

/// Ends the walk at the first number that is not finite.
#[derive(Debug)]
struct Found(NonFinite);

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}", self.0.value, self.0.path)
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<M: std::fmt::Display>(_message: M) -> Self {
        // A type whose serialisation fails is not a number problem; report nothing there.
        Self(NonFinite {
            path: String::new(),
            value: 0.0,
        })
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
#[derive(Default)]
struct Walker {
    path: Vec<Segment>,
}

impl Walker {
    fn check(&self, value: f64) -> Result<(), Found> {
        if value.is_finite() {
            return Ok(());
        }
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
        Err(Found(NonFinite { path, value }))
    }

    fn visit<T: Serialize + ?Sized>(&mut self, segment: Segment, value: &T) -> Result<(), Found> {
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
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        let segment = Segment::Index(self.next);
        self.next += 1;
        self.walker.visit(segment, value)
    }
}

/// Renders a map key as text for the path; keys in Uplift's types are strings.
struct KeyText;

macro_rules! key_to_string {
    ($($method:ident: $type:ty),*) => {
        $(fn $method(self, value: $type) -> Result<String, Found> {
            Ok(value.to_string())
        })*
    };
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Found;
    type SerializeSeq = Impossible<String, Found>;
    type SerializeTuple = Impossible<String, Found>;
    type SerializeTupleStruct = Impossible<String, Found>;
    type SerializeTupleVariant = Impossible<String, Found>;
    type SerializeMap = Impossible<String, Found>;
    type SerializeStruct = Impossible<String, Found>;
    type SerializeStructVariant = Impossible<String, Found>;

    key_to_string!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str
    );

    fn serialize_bytes(self, _value: &[u8]) -> Result<String, Found> {
        Ok("bytes".to_owned())
    }
    fn serialize_none(self) -> Result<String, Found> {
        Ok("none".to_owned())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Found> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Found> {
        Ok("()".to_owned())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<String, Found> {
        Ok(name.to_owned())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, Found> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, Found> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _value: &T,
    ) -> Result<String, Found> {
        Ok(variant.to_owned())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Found> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Found> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Found> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Found> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Found> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Found> {
        Err(ser::Error::custom("composite key"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Found> {
        Err(ser::Error::custom("composite key"))
    }
}

macro_rules! ignore_scalars {
    ($($method:ident: $type:ty),*) => {
        $(fn $method(self, _value: $type) -> Result<(), Found> {
            Ok(())
        })*
    };
}

impl<'w> ser::Serializer for &'w mut Walker {
    type Ok = ();
    type Error = Found;
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
        serialize_u64: u64, serialize_char: char, serialize_str: &str, serialize_bytes: &[u8]
    );

    fn serialize_f32(self, value: f32) -> Result<(), Found> {
        self.check(f64::from(value))
    }
    fn serialize_f64(self, value: f64) -> Result<(), Found> {
        self.check(value)
    }
    fn serialize_none(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        self.visit(Segment::Name(variant), value)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Items<'w>, Found> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }
    fn serialize_tuple(self, _len: usize) -> Result<Items<'w>, Found> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Items<'w>, Found> {
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
    ) -> Result<Items<'w>, Found> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Items<'w>, Found> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Found> {
        Ok(self)
    }
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        self.item(value)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeTuple for Items<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        self.item(value)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Items<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        self.item(value)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Items<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        self.item(value)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeMap for Items<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Found> {
        // Keys name the entry; a key that is itself a number is checked too.
        key.serialize(&mut *self.walker)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        self.item(value)
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), Found> {
        key.serialize(&mut *self.walker)?;
        let name = key
            .serialize(KeyText)
            .unwrap_or_else(|_| self.next.to_string());
        self.next += 1;
        self.walker.visit(Segment::Key(name), value)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Walker {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        self.visit(Segment::Name(key), value)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Walker {
    type Ok = ();
    type Error = Found;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        self.visit(Segment::Name(key), value)
    }
    fn end(self) -> Result<(), Found> {
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
