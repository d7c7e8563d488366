//! Reading large RON projects on every core.
//!
//! ron reads about 90 MB a second on one core, so a 10,000-stage project (17 MB) takes most of
//! 200 ms to parse, nearly all of it in the `stages` and `links` arrays. Their elements do not
//! depend on each other, so [`parse_project`] cuts them apart with a small scanner, parses them
//! in parallel, and parses the rest of the file (the header: the text with those arrays
//! emptied, `stages: []`) as a [`Project`] beside them.
//!
//! Finding where elements begin and end needs no more of RON than its brackets, strings, raw
//! strings, characters and comments, which the scanner follows exactly as ron does. Anything
//! else out of the ordinary (an extension such as `#![enable(...)]`, a raw identifier, text
//! that is not ASCII outside strings and comments, a field given twice, unbalanced brackets,
//! an empty element) and it gives up. It never decides what a file means: whenever it gives
//! up, or any piece fails to parse, the caller parses the whole file the ordinary way and
//! returns that result, so this path only changes how fast a file loads.
//!
//! Why the pieces mean what the whole file means: each piece is the exact text of one element
//! (with the whitespace and comments around it), so ron reads it token for token as it would
//! inside the array. The header holds every other token of the file in the same order, so the
//! duplicate fields, unknown fields and missing fields it may hold are found there. The only
//! difference in context is the nesting depth an element starts at, which matters for the
//! recursion limit alone, and a stage or link that parses nests three levels deep at most
//! (a stage, its list of purchased inputs, one input), far below the limit of 128.

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::io::finite::first_problem;

use crate::model::{Link, Project, Stage};

/// Elements parsed by one rayon task, as one list: a stage takes some 15 µs, a link 2 µs, so
/// tasks stay far longer than the cost of handing them out. Which task reads which element has
/// no effect on the result: elements do not depend on each other and results keep file order.
const ELEMENTS_PER_TASK: usize = 32;

/// Parses a RON project with its `stages` and `links` read in parallel, or `None` when the
/// text is unusual or any part of it does not parse (the caller then reads it in one pass).
/// Every number in the stages and links is finite; the rest of the project is not checked.
pub(super) fn parse_project(text: &str, options: &ron::Options) -> Option<Project> {
    let pieces = split_project(text)?;
    let (header, (stages, links)) = rayon::join(
        || options.from_str::<Project>(&pieces.header).ok(),
        || {
            rayon::join(
                || parse_elements::<Stage>(text, &pieces.stages, options),
                || parse_elements::<Link>(text, &pieces.links, options),
            )
        },
    );
    let mut project = header?;
    // The header held `stages: []` and `links: []` (or no such field, whose default is empty
    // too), so these replace empty lists.
    project.stages = stages?;
    project.links = links?;
    Some(project)
}

/// Parses the pieces (consecutive elements of one array of `text`) as `T`s, in parallel,
/// keeping their order. Each task reads a run of consecutive elements as one list: the text
/// from the first's start to the last's end, commas between them included, in brackets. One
/// parse per element would pay ron's set-up for each and cost about half as much again.
fn parse_elements<T: DeserializeOwned + Serialize + Send>(
    text: &str,
    pieces: &[&str],
    options: &ron::Options,
) -> Option<Vec<T>> {
    let runs: Vec<Vec<T>> = pieces
        .par_chunks(ELEMENTS_PER_TASK)
        .map(|run| {
            let (first, last) = (run.first()?, run.last()?);
            let start = offset_in(text, first)?;
            let end = offset_in(text, last)? + last.len();
            let mut bracketed = String::with_capacity(end - start + 2);
            bracketed.push('[');
            bracketed.push_str(text.get(start..end)?);
            bracketed.push(']');
            let parsed: Vec<T> = options.from_str(&bracketed).ok()?;
            // Checked here, on every core, rather than walked through again once the whole
            // project is read; a number that is not finite, or text that is not allowed, is
            // an error the one-pass read then reports with its place in the file.
            (parsed.len() == run.len() && first_problem(&parsed).is_none()).then_some(parsed)
        })
        .collect::<Option<_>>()?;
    Some(runs.into_iter().flatten().collect())
}

/// Where `piece`, a slice of `text`, starts in it.
fn offset_in(text: &str, piece: &str) -> Option<usize> {
    let offset = (piece.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset + piece.len() <= text.len()).then_some(offset)
}

/// A project's text cut for parallel parsing.
#[derive(Debug)]
pub(super) struct Pieces<'a> {
    /// The text with the contents of the cut arrays removed: `stages: []`.
    pub header: String,
    /// The text of each element of `stages`, in file order (empty when there is no `stages`).
    pub stages: Vec<&'a str>,
    /// The text of each element of `links`, in file order.
    pub links: Vec<&'a str>,
}

/// The top-level arrays that are cut into elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Stages,
    Links,
}

impl Field {
    fn named(word: &[u8]) -> Option<Self> {
        match word {
            b"stages" => Some(Self::Stages),
            b"links" => Some(Self::Links),
            _ => None,
        }
    }
}

/// Cuts the `stages` and `links` arrays of a project's RON text into their elements, or gives
/// up (`None`) on anything unusual. At least one of the two must be there.
pub(super) fn split_project(text: &str) -> Option<Pieces<'_>> {
    let mut scanner = Scanner::new(text);
    scanner.run()?;
    let Scanner { stages, links, .. } = scanner;
    let mut cuts: Vec<&Cut> = [stages.as_ref(), links.as_ref()]
        .into_iter()
        .flatten()
        .collect();
    if cuts.is_empty() {
        return None;
    }
    cuts.sort_by_key(|cut| cut.contents.start);
    let mut header = String::with_capacity(
        text.len() - cuts.iter().map(|cut| cut.contents.len()).sum::<usize>(),
    );
    let mut kept_from = 0;
    for cut in &cuts {
        header.push_str(text.get(kept_from..cut.contents.start)?);
        kept_from = cut.contents.end;
    }
    header.push_str(text.get(kept_from..)?);
    let elements = |cut: Option<&Cut>| -> Option<Vec<&str>> {
        cut.map_or(Some(Vec::new()), |cut| {
            cut.elements
                .iter()
                .map(|range| text.get(range.clone()))
                .collect()
        })
    };
    Some(Pieces {
        stages: elements(stages.as_ref())?,
        links: elements(links.as_ref())?,
        header,
    })
}

/// One array found and cut.
struct Cut {
    /// Everything between its `[` and `]`.
    contents: Range<usize>,
    /// Each element's text, between the separating commas.
    elements: Vec<Range<usize>>,
}

/// The array being cut while the scanner is inside it.
struct OpenArray {
    field: Field,
    /// How many brackets are open inside the array (its own `[` included).
    depth: usize,
    /// Just after its `[`.
    contents_start: usize,
    /// Where the element being read began (after the `[` or the last comma).
    element_start: usize,
    /// Whether that element has any token yet (not only whitespace and comments).
    element_has_token: bool,
    elements: Vec<Range<usize>>,
}

/// What the last tokens inside the project's parentheses make of a field of interest.
#[derive(Clone, Copy)]
enum Key {
    Nothing,
    /// `stages`
    Name(Field),
    /// `stages:`
    Colon(Field),
}

/// Walks the text once, byte by byte, following nesting and skipping strings and comments.
/// Every method returns `None` to give up.
struct Scanner<'a> {
    bytes: &'a [u8],
    /// The brackets open here, innermost last.
    open: Vec<u8>,
    /// Whether the top-level value has been closed.
    closed: bool,
    key: Key,
    array: Option<OpenArray>,
    stages: Option<Cut>,
    links: Option<Cut>,
}

/// How deep the scanner must look: the project's parentheses are depth 1, where field names
/// are; the arrays cut are depth 2, where their elements begin and end. Deeper than that, inside
/// an element, only brackets, strings, characters and comments matter.
const ELEMENT_INSIDE_DEPTH: usize = 3;

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            open: Vec::new(),
            closed: false,
            key: Key::Nothing,
            array: None,
            stages: None,
            links: None,
        }
    }

    fn run(&mut self) -> Option<()> {
        let bytes = self.bytes;
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            at = match CLASSES[usize::from(byte)] {
                Class::Space => skip_spaces(bytes, at + 1),
                Class::Slash => skip_comment(bytes, at)?,
                // Most of a large file: names and numbers inside stages and links.
                Class::Plain if self.open.len() >= ELEMENT_INSIDE_DEPTH => skip_plain(bytes, at),
                class => self.token(at, byte, class)?,
            };
        }
        self.closed.then_some(())
    }

    /// Reads the token starting with `byte` at `at`; returns where the next one may start.
    fn token(&mut self, at: usize, byte: u8, class: Class) -> Option<usize> {
        if self.closed {
            // Something after the project: not for this path.
            return None;
        }
        let depth = self.open.len();
        if let Some(array) = &mut self.array
            && array.depth == depth
        {
            match byte {
                b',' => return self.end_element(at),
                b']' => return self.close_array(at),
                _ => array.element_has_token = true,
            }
        }
        // Every token but whitespace and comments moves the field-name state on.
        let key = std::mem::replace(&mut self.key, Key::Nothing);
        let next = at + 1;
        match class {
            Class::Open => {
                if depth == 0 && byte != b'(' {
                    return None;
                }
                self.open.push(byte);
                if let (b'[', Key::Colon(field)) = (byte, key)
                    && depth == 1
                {
                    self.open_array(field, next)?;
                }
                Some(next)
            }
            Class::Close => {
                let opening = self.open.pop()?;
                let expected = match byte {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if opening != expected {
                    return None;
                }
                self.closed = self.open.is_empty();
                Some(next)
            }
            Class::Quote if is_raw_prefix(self.bytes, at) => skip_raw_string(self.bytes, at, 0),
            Class::Quote => skip_string(self.bytes, next),
            Class::Hash if is_raw_prefix(self.bytes, at) => {
                let hashes = self.bytes[at..].iter().take_while(|&&b| b == b'#').count();
                skip_raw_string(self.bytes, at + hashes, hashes)
            }
            Class::Apostrophe => skip_char(self.bytes, at),
            // `#` outside a raw string starts an extension or a raw identifier; ron's
            // identifiers and whitespace beyond ASCII are not worth following.
            Class::Hash | Class::NotAscii => None,
            Class::Plain if is_word_byte(byte) => self.word(at, depth),
            Class::Plain if byte == b':' && depth == 1 => {
                if let Key::Name(field) = key {
                    self.key = Key::Colon(field);
                }
                Some(next)
            }
            Class::Plain | Class::Space | Class::Slash => Some(next),
        }
    }

    /// A run of identifier and number characters, outside elements: only the struct name may
    /// come before the project's parentheses, and field names inside them are watched.
    fn word(&mut self, at: usize, depth: usize) -> Option<usize> {
        let end = self.bytes[at..]
            .iter()
            .position(|&b| !is_word_byte(b))
            .map_or(self.bytes.len(), |length| at + length);
        let word = self.bytes.get(at..end)?;
        match depth {
            0 if word != b"Project" => return None,
            1 => {
                if let Some(field) = Field::named(word) {
                    self.key = Key::Name(field);
                }
            }
            _ => {}
        }
        Some(end)
    }

    /// Called just after the `[` of `stages: [` or `links: [`, at `contents_start`.
    fn open_array(&mut self, field: Field, contents_start: usize) -> Option<()> {
        let already = match field {
            Field::Stages => self.stages.is_some(),
            Field::Links => self.links.is_some(),
        };
        if already || self.array.is_some() {
            return None;
        }
        self.array = Some(OpenArray {
            field,
            depth: self.open.len(),
            contents_start,
            element_start: contents_start,
            element_has_token: false,
            elements: Vec::new(),
        });
        Some(())
    }

    /// The comma at `at` between elements of the array being cut.
    fn end_element(&mut self, at: usize) -> Option<usize> {
        let array = self.array.as_mut()?;
        if !array.element_has_token {
            // `[,` or `,,`: not RON; leave the message to the whole-file parse.
            return None;
        }
        array.elements.push(array.element_start..at);
        array.element_start = at + 1;
        array.element_has_token = false;
        Some(at + 1)
    }

    /// The `]` at `at` closing the array being cut.
    fn close_array(&mut self, at: usize) -> Option<usize> {
        let mut array = self.array.take()?;
        if array.element_has_token {
            array.elements.push(array.element_start..at);
        }
        // Otherwise the array is empty or ends with a trailing comma.
        let cut = Cut {
            contents: array.contents_start..at,
            elements: array.elements,
        };
        match array.field {
            Field::Stages => self.stages = Some(cut),
            Field::Links => self.links = Some(cut),
        }
        self.open.pop();
        Some(at + 1)
    }
}

/// What a byte can start, outside strings and comments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ron's ASCII whitespace (its other whitespace characters are not ASCII).
    Space,
    /// `/`, a comment.
    Slash,
    /// `(`, `[`, `{`.
    Open,
    /// `)`, `]`, `}`.
    Close,
    /// `"`.
    Quote,
    /// `'`.
    Apostrophe,
    /// `#`.
    Hash,
    /// A byte of a character beyond ASCII.
    NotAscii,
    /// Everything else: identifiers, numbers, `,`, `:` and the rest, which are single bytes
    /// that neither open nor close anything.
    Plain,
}

const CLASSES: [Class; 256] = {
    let mut classes = [Class::Plain; 256];
    let mut byte = 0;
    while byte < 256 {
        classes[byte] = match byte as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => Class::Space,
            b'/' => Class::Slash,
            b'(' | b'[' | b'{' => Class::Open,
            b')' | b']' | b'}' => Class::Close,
            b'"' => Class::Quote,
            b'\'' => Class::Apostrophe,
            b'#' => Class::Hash,
            0x80.. => Class::NotAscii,
            _ => Class::Plain,
        };
        byte += 1;
    }
    classes
};

/// Bytes of identifiers and numbers.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Whether the `"` or `#` at `at` follows a word that is exactly `r` or `br`: a raw string
/// (`r"…"`, `r#"…"#`, or the byte string `br"…"`).
fn is_raw_prefix(bytes: &[u8], at: usize) -> bool {
    let Some(before) = bytes.get(..at) else {
        return false;
    };
    let word_start = before
        .iter()
        .rposition(|&b| !is_word_byte(b))
        .map_or(0, |i| i + 1);
    matches!(&before[word_start..], b"r" | b"br")
}

/// Past the spaces from `at`.
fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&byte) = bytes.get(at)
        && CLASSES[usize::from(byte)] == Class::Space
    {
        at += 1;
    }
    at
}

/// Past the plain bytes and spaces from `at`, inside an element, where they need no more
/// than skipping: this loop reads most of a large file, 32 bytes at a time while none of them
/// needs a look (a test in which the compiler uses vector instructions).
fn skip_plain(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..at + 32)
        && let Ok(chunk) = <&[u8; 32]>::try_from(chunk)
        && !chunk
            .iter()
            .fold(false, |found, &byte| found | needs_a_look(byte))
    {
        at += 32;
    }
    while let Some(&byte) = bytes.get(at)
        && !needs_a_look(byte)
    {
        at += 1;
    }
    at
}

/// Whether a byte opens or closes something (a bracket, string, character or comment), may
/// (`#`), or is part of a character beyond ASCII: every class but [`Class::Plain`] and
/// [`Class::Space`], in arithmetic the compiler can apply to many bytes at once.
fn needs_a_look(byte: u8) -> bool {
    // `(` `)`, `"` `#`, `[` `{`, `]` `}`: pairs that differ in one bit.
    byte & 0xFE == b'('
        || byte & 0xFE == b'"'
        || byte & 0xDF == b'['
        || byte & 0xDF == b']'
        || byte == b'\''
        || byte == b'/'
        || byte >= 0x80
}

/// Past a string or byte string whose text starts at `from`, just after its opening quote: ron
/// ends it at the first `"` not escaped by a backslash.
fn skip_string(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        match bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// Past a raw string whose opening `"` is at `quote` after `hashes` `#`: ron ends it at the
/// first `"` followed by as many `#`.
fn skip_raw_string(bytes: &[u8], quote: usize, hashes: usize) -> Option<usize> {
    if bytes.get(quote) != Some(&b'"') {
        // `r#name`, a raw identifier.
        return None;
    }
    let mut i = quote + 1;
    loop {
        let closing = i + bytes.get(i..)?.iter().position(|&b| b == b'"')?;
        let after = closing + 1;
        if bytes.get(after..after + hashes)?.iter().all(|&b| b == b'#') {
            return Some(after + hashes);
        }
        i = after;
    }
}

/// Past a character `'x'` or `'\n'` (or a byte `b'x'`, whose `b` was read as a word) whose
/// opening quote is at `at`.
fn skip_char(bytes: &[u8], at: usize) -> Option<usize> {
    let first = *bytes.get(at + 1)?;
    if first == b'\\' {
        // An escape, `\'` included: the character ends at the next quote after it.
        let from = at + 3;
        let quote = from + bytes.get(from..)?.iter().position(|&b| b == b'\'')?;
        return Some(quote + 1);
    }
    let length = match first {
        0..0x80 => 1,
        0xE0..0xF0 => 3,
        0xF0.. => 4,
        _ => 2,
    };
    let quote = at + 1 + length;
    (bytes.get(quote) == Some(&b'\'')).then_some(quote + 1)
}

/// Past a `// line` or `/* block */` comment starting at `at`; block comments nest, as in ron.
fn skip_comment(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at + 1)? {
        b'/' => {
            let from = at + 2;
            Some(
                bytes
                    .get(from..)?
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |length| from + length),
            )
        }
        b'*' => {
            let mut level = 1;
            let mut i = at + 2;
            while level > 0 {
                match bytes.get(i..i + 2)? {
                    b"/*" => {
                        level += 1;
                        i += 2;
                    }
                    b"*/" => {
                        level -= 1;
                        i += 2;
                    }
                    _ => i += 1,
                }
            }
            Some(i)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::io::examples::EXAMPLES;
    use crate::io::{
        FileFormat, LoadedFile, PARALLEL_PARSE_MIN_BYTES, parse_ron_above, parse_ron_in_parallel,
        project_to_ron, read_ron_in_one_pass, read_str,
    };
    use crate::model::StageId;
    use crate::model::generate::generate;

    /// Reads `text` both ways and checks they agree: the same project, or the same error at
    /// the same place; the parallel path never reads a file the one-pass parse refuses.
    /// Returns what the parallel path read, `None` when it gave up.
    fn read_both_ways(text: &str) -> Option<LoadedFile> {
        let one_pass = read_ron_in_one_pass(text);
        let parallel = parse_ron_in_parallel(text);
        match (&one_pass, &parallel) {
            (Ok(expected), Some(found)) => assert_eq!(expected, found),
            (Err(error), Some(_)) => {
                panic!("the parallel path read a file the one-pass parse refuses: {error}")
            }
            (_, None) => {}
        }
        // Through the function `read_str` uses, with every file large enough.
        assert_eq!(
            format!("{:?}", parse_ron_above(text, 0)),
            format!("{one_pass:?}")
        );
        parallel
    }

    /// Reads a valid text both ways, checking the parallel path took it.
    fn read_in_parallel(text: &str) -> LoadedFile {
        read_ron_in_one_pass(text).unwrap_or_else(|error| panic!("not valid: {error}"));
        read_both_ways(text).unwrap_or_else(|| panic!("the parallel path gave up on:\n{text}"))
    }

    /// Reads a broken text both ways: the same error, at the same line and column.
    fn refused_alike(text: &str) {
        assert!(read_ron_in_one_pass(text).is_err(), "valid:\n{text}");
        assert!(read_both_ways(text).is_none());
    }

    /// A small generated project whose names and notes hold everything a scanner could
    /// mistake for structure.
    fn tricky_text() -> String {
        let mut project = generate(6, 7);
        project.stages[0].name = r#"Mill ], with "quotes", // slashes /* and */ \ back"#.to_owned();
        project.stages[1].product = "Concentrate (Cu) [25%], {wet}, 'dry'".to_owned();
        project.stages[2]
            .sources
            .insert("price".to_owned(), "LME ] ) } , // \" \\".to_owned());
        project.stages[3].name = "Ünïcödé ‘quotes’ — and no control characters".to_owned();
        // Tabs and line breaks are allowed in free text only (see `io::finite`).
        project.stages[3].sources.insert(
            "jobs".to_owned(),
            "Ünïcödé — and a tab\tand a newline\n".to_owned(),
        );
        project.notes = "stages: [ ] links: [ ]".to_owned();
        project.links[0].from = StageId(r#"odd"],id"#.to_owned());
        project_to_ron(&project).unwrap()
    }

    /// `text` with the first string value of `field` replaced by `value`, as written.
    fn replace_string_value(text: &str, field: &str, value: &str) -> String {
        let start = text.find(&format!("{field}: \"")).unwrap() + field.len() + 2;
        let end = start + text[start..].find("\",\n").unwrap() + 1;
        format!("{}{value}{}", &text[..start], &text[end..])
    }

    /// `text` with the `n`th (from 0) occurrence of `from` replaced by `to`.
    fn replace_nth(text: &str, from: &str, to: &str, n: usize) -> String {
        let (start, _) = text.match_indices(from).nth(n).unwrap();
        format!("{}{to}{}", &text[..start], &text[start + from.len()..])
    }

    /// `text` with what separates its first two stages (in pretty RON) replaced.
    fn between_first_stages(text: &str, replacement: &str) -> String {
        text.replacen("\n        ),\n        (\n", replacement, 1)
    }

    #[test]
    fn the_fast_byte_test_matches_the_classes() {
        for byte in 0..=u8::MAX {
            let plain = matches!(CLASSES[usize::from(byte)], Class::Plain | Class::Space);
            assert_eq!(needs_a_look(byte), !plain, "{byte:#04x}");
        }
    }

    #[test]
    fn generated_projects_read_the_same_in_parallel_and_in_one_pass() {
        for stages in [0, 1, 2, 3, 10, 57, 200, 1_000] {
            for seed in [1, 2, 3] {
                let project = generate(stages, seed);
                let text = project_to_ron(&project).unwrap();
                let pieces = split_project(&text).unwrap();
                assert_eq!(pieces.stages.len(), project.stages.len());
                assert_eq!(pieces.links.len(), project.links.len());
                assert_eq!(read_in_parallel(&text).project, project);
            }
        }
    }

    #[test]
    fn example_projects_and_fixtures_read_the_same_in_parallel_and_in_one_pass() {
        let fixtures = [
            include_str!("../../tests/fixtures/v1.ron"),
            include_str!("../../tests/fixtures/v2.ron"),
            include_str!("../../tests/fixtures/scenarios-v1-reko-diq.ron"),
        ];
        for text in EXAMPLES.iter().map(|example| example.text).chain(fixtures) {
            let loaded = read_in_parallel(text);
            assert!(!loaded.project.stages.is_empty());
        }
    }

    #[test]
    fn large_files_take_the_parallel_path_through_read_str() {
        let text = project_to_ron(&generate(300, 5)).unwrap();
        assert!(text.len() >= PARALLEL_PARSE_MIN_BYTES);
        let loaded = read_str(&text, FileFormat::Ron).unwrap();
        assert_eq!(Some(&loaded), parse_ron_in_parallel(&text).as_ref());
        assert_eq!(loaded, read_ron_in_one_pass(&text).unwrap());
    }

    #[test]
    fn the_scanner_cuts_exactly_the_elements() {
        let text = "Project( // [\n  name: \"a ] b\",\n  stages: [ (x: \"],\"), /* ] , */ (y: r#\"\"],\"#)  , ],\n  links: [],\n  notes: \"\",\n)";
        let pieces = split_project(text).unwrap();
        assert_eq!(
            pieces.stages,
            [" (x: \"],\")", " /* ] , */ (y: r#\"\"],\"#)  "]
        );
        assert!(pieces.links.is_empty());
        assert_eq!(
            pieces.header,
            "Project( // [\n  name: \"a ] b\",\n  stages: [],\n  links: [],\n  notes: \"\",\n)"
        );
    }

    #[test]
    fn strings_comments_and_layout_read_the_same_in_parallel() {
        let text = tricky_text();
        let cases = [
            text.clone(),
            text.replacen('(', "Project(", 1),
            text.replacen('(', "Project /* ( */ (", 1),
            // Comments with brackets and commas between and inside elements.
            between_first_stages(
                &text,
                "\n        ), // ] , \" ( [\n        /* ) /* nested ] , */ \" */\n        (\n",
            ),
            text.replacen("active: true,", "active: true, // ) ] }\n", 1),
            text.replacen("kind: ", "/* , */ kind: ", 3),
            // Raw strings holding quotes, brackets, commas and comment marks.
            replace_string_value(&text, "product", "r#\"a \"quoted\" ], // [\"#"),
            replace_string_value(&text, "unit", "r\"t ] , \\\""),
            replace_string_value(&text, "unit", "r##\"t \"# ]\"##"),
            // Named structs inside the arrays.
            text.replace(
                "        (\n            id:",
                "        Stage(\n            id:",
            )
            .replace(
                "        (\n            from:",
                "        Link (\n            from:",
            ),
            // No trailing comma after the last stage or link.
            text.replacen(
                "\n        ),\n    ],\n    links",
                "\n        )\n    ],\n    links",
                1,
            ),
            text.replacen(
                "\n        ),\n    ],\n    notes",
                "\n        )\n    ],\n    notes",
                1,
            ),
            // Windows line endings, and everything on one line.
            text.replace('\n', "\r\n"),
            ron::to_string(&read_ron_in_one_pass(&text).unwrap().project).unwrap(),
            // A line comment ends the file, without a newline.
            format!("{}// the end", text.trim_end()),
        ];
        for case in &cases {
            read_in_parallel(case);
        }
        // The raw strings were read as strings.
        let raw = read_in_parallel(&replace_string_value(&text, "unit", "r##\"t \"# ]\"##"));
        assert_eq!(raw.project.stages[0].unit, "t \"# ]");
    }

    #[test]
    fn empty_and_missing_arrays_read_the_same_in_parallel() {
        let text = project_to_ron(&generate(4, 2)).unwrap();
        let links_start = text.find("    links: [").unwrap();
        let links_end = text.find("    notes:").unwrap();
        let without_links = format!("{}{}", &text[..links_start], &text[links_end..]);
        let stages_start = text.find("    stages: [").unwrap();
        let stages_end = links_start;
        let without_stages = format!("{}{}", &text[..stages_start], &text[stages_end..]);
        read_in_parallel(&without_links);
        read_in_parallel(&project_to_ron(&generate(0, 1)).unwrap());
        // No stages, only links (to stages that do not exist, which reading does not check).
        read_in_parallel(&without_stages);
        read_both_ways(&text.replacen("    stages: [", "    stages: [ ],\n    _stages: [", 1));
        // Empty arrays, however written.
        for empty in ["[]", "[ ]", "[\n    ]", "[ // none\n ]", "[/* , */]"] {
            let case = text.replacen(
                &text[stages_start..stages_end],
                &format!("    stages: {empty},\n"),
                1,
            );
            assert!(read_in_parallel(&case).project.stages.is_empty());
        }
    }

    #[test]
    fn unusual_but_valid_files_are_read_in_one_pass() {
        let text = tricky_text();
        for case in [
            // An extension, raw identifiers, whitespace beyond ASCII: the scanner gives up.
            format!("#![enable(implicit_some)]\n{text}"),
            text.replacen("name: ", "r#name: ", 3),
            between_first_stages(&text, "\n        ),\u{2028}\n        (\n"),
        ] {
            assert!(read_ron_in_one_pass(&case).is_ok());
            assert!(read_both_ways(&case).is_none());
        }
    }

    #[test]
    fn broken_files_give_the_same_error_at_the_same_place() {
        let text = tricky_text();
        let cases = [
            // Strings and comments left open.
            text.replacen("unit: \"t\",", "unit: \"t,", 1),
            format!("{}\"", text.trim_end().trim_end_matches(')')),
            text.replacen("unit: \"t\"", "unit: r#\"t\"", 1),
            text.replacen("unit: \"t\"", "unit: \"t\" /* open", 1),
            text.replacen("kind: ", "/ kind: ", 1),
            // Elements broken apart or run together.
            between_first_stages(&text, "\n        )\n        (\n"),
            between_first_stages(&text, "\n        ),,\n        (\n"),
            text.replacen("stages: [", "stages: [,", 1),
            text.replacen("stages: [", "stages: [1, 2, ", 1),
            text.replacen("stages: [", "stages: [abc, ", 1),
            text.replacen("links: [", "links: [abc", 1),
            text.replacen("stages: [", "stages: [\"a string\", ", 1),
            text.replacen("stages: [", "stages: [[], ", 1),
            // Brackets that do not match.
            text.replacen("position: (", "position: [", 1),
            text.replacen(
                "\n        ),\n    ],\n    links",
                "\n        )\n    ),\n    links",
                1,
            ),
            text.replacen("by_products: [],", "by_products: [)],", 1),
            format!("{text})"),
            format!("{text}("),
            text.replacen("    links: [", "    links: [[", 1),
            // Fields unknown, misspelled, duplicated or missing.
            text.replacen("capex: ", "capex_: ", 1),
            text.replacen("share_pct: ", "share: ", 1),
            text.replacen("kind: Mining", "kind: Minning", 1),
            text.replacen("notes: ", "stages: [], notes: ", 1),
            text.replacen("notes: ", "links: [], notes: ", 1),
            text.replacen("    stages: [", "    stages: [],\n    stages: [", 1),
            text.replacen("version: 2,", "", 1),
            text.replacen("unit: \"t\",", "", 1),
            // Values of the wrong kind, beyond ASCII, or nested past the recursion limit.
            text.replacen("kind: ", "x: ']', kind: ", 1),
            text.replacen("kind: ", "x: '\\'', kind: ", 1),
            text.replacen("unit: \"t\"", "unit: '\"'", 1),
            text.replacen("unit: \"t\"", "unit: 't'", 1),
            text.replacen("unit: \"t\"", "unit: b\"t\"", 1),
            text.replacen("unit: \"t\"", "unit: br\"t\"", 1),
            text.replacen(
                "jobs: ",
                &format!("jobs: {}1.0{}, x: ", "[".repeat(200), "]".repeat(200)),
                1,
            ),
            between_first_stages(&text, "\n        ),\u{feff}\n        (\n"),
            text.replacen("first_year:", "\u{feff}first_year:", 1),
            // Numbers that are not finite, and versions that were never written.
            text.replacen("jobs: ", "jobs: inf, // ", 1),
            replace_nth(&text, "capex: ", "capex: -inf, // ", 3),
            text.replacen("version: 2", "version: 99", 1),
            text.replacen("version: 2", "version: 0", 1),
            // Text with control characters, or longer than its cap, in a stage, a link and
            // the rest of the project.
            text.replacen("unit: \"t\"", "unit: \"t\u{b}\"", 1),
            replace_nth(&text, "unit: \"t\"", "unit: \"\u{0}\"", 2),
            text.replacen("unit: \"t\"", "unit: \"t\\u{1b}\"", 1),
            text.replacen("unit: \"t\"", &format!("unit: \"{}\"", "t".repeat(201)), 1),
            text.replacen("from: \"", "from: \"\u{ffff}", 1),
            text.replacen("notes: \"", "notes: \"\u{7}", 1),
            // Something after the project.
            format!("{text}()"),
            format!("{text}, (stages: [])"),
        ];
        for case in &cases {
            refused_alike(case);
        }
        // A number that is not finite is refused with the same stage named, and one outside
        // the stages and links (checked apart from them on this path) with its setting named.
        let refused_naming = |broken: &str, place: &str| {
            refused_alike(broken);
            let message = parse_ron_above(broken, 0).unwrap_err().to_string();
            assert!(message.contains(place), "{message}");
        };
        refused_naming(
            &replace_nth(&text, "jobs: ", "jobs: NaN, // ", 1),
            "(stages[1]), jobs is NaN",
        );
        refused_naming(
            &text.replacen("gdp_growth_pct: ", "gdp_growth_pct: inf, // ", 1),
            "economy.gdp_growth_pct is inf",
        );
        refused_naming(
            &replace_nth(&text, "share_pct: ", "share_pct: NaN, // ", 2),
            "links[2].share_pct is NaN",
        );
        refused_naming(
            &replace_nth(&text, "unit: \"t\"", "unit: \"t\u{b}\"", 2),
            "(stages[2]), unit holds the invisible control character U+000B at character 2",
        );
        refused_naming(
            &text.replacen("notes: \"", "notes: \"\u{0}", 1),
            "notes holds the invisible control character U+0000 at character 1",
        );
    }

    #[test]
    fn truncated_files_give_the_same_error_at_the_same_place() {
        let text = tricky_text().replace('\n', "\r\n");
        let mut ends: Vec<usize> = (0..text.len()).step_by(97).collect();
        ends.extend(text.len() - 40..text.len());
        for end in ends {
            if let Some(truncated) = text.get(..end) {
                read_both_ways(truncated);
            }
        }
    }

    #[test]
    fn the_number_of_threads_does_not_change_the_result() {
        let text = project_to_ron(&generate(500, 9)).unwrap();
        let read_with = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| parse_ron_in_parallel(&text))
                .unwrap()
        };
        let one = read_with(1);
        assert_eq!(one, read_with(3));
        assert_eq!(one, read_with(8));
        assert_eq!(one, read_ron_in_one_pass(&text).unwrap());
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn random_generated_projects_read_the_same_both_ways(
            stages in 0..80usize,
            seed in any::<u64>(),
            compact in any::<bool>(),
        ) {
            let project = generate(stages, seed);
            let text = if compact {
                ron::to_string(&project).unwrap()
            } else {
                project_to_ron(&project).unwrap()
            };
            prop_assert_eq!(read_in_parallel(&text).project, project);
        }
    }
}
