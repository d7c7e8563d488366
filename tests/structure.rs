//! The shape of the code, held to what `docs/ARCHITECTURE.md` promises: no file in `src/` over
//! 800 lines of code, no function over 150, no import circle between files, and no two files of
//! the same name. Lines of code leave out comments, blank lines and `#[cfg(test)]` modules.

#![allow(clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 150;

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The lines of code of a file with their line numbers: comments and blank lines left out,
/// and `#[cfg(test)] mod … { … }` blocks skipped whole. String contents are not parsed: the
/// braces counted are those of the code as written in this codebase (a brace in a string on a
/// line of its own would miscount, and there is none).
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block_comment = false;
    let mut depth: i64 = 0;
    let mut skip_until: Option<i64> = None;
    let mut after_cfg_test = false;
    for (index, raw) in text.lines().enumerate() {
        let mut line = String::new();
        let mut rest = raw;
        loop {
            if in_block_comment {
                match rest.find("*/") {
                    Some(end) => {
                        in_block_comment = false;
                        rest = &rest[end + 2..];
                    }
                    None => break,
                }
            } else {
                match rest.find("/*") {
                    Some(start) if !rest[..start].contains("//") => {
                        line.push_str(&rest[..start]);
                        in_block_comment = true;
                        rest = &rest[start + 2..];
                    }
                    _ => {
                        line.push_str(rest);
                        break;
                    }
                }
            }
        }
        let code = line.trim();
        let code = if code.starts_with("//") { "" } else { code };
        let opens = code.matches('{').count() as i64;
        let closes = code.matches('}').count() as i64;
        if let Some(level) = skip_until {
            depth += opens - closes;
            if depth <= level {
                skip_until = None;
            }
            continue;
        }
        if code.starts_with("#[cfg(test)]") {
            after_cfg_test = true;
            continue;
        }
        if after_cfg_test && code.starts_with("#[") {
            continue;
        }
        if after_cfg_test && (code.starts_with("mod ") || code.starts_with("pub mod ")) {
            after_cfg_test = false;
            if code.contains('{') {
                skip_until = Some(depth);
                depth += opens - closes;
                if depth <= skip_until.unwrap_or(depth) {
                    skip_until = None;
                }
            }
            continue;
        }
        after_cfg_test = false;
        depth += opens - closes;
        if !code.is_empty() {
            out.push((index + 1, code.to_owned()));
        }
    }
    out
}

/// Functions (name, first line, lines of code) of a file's code lines.
fn functions(code: &[(usize, String)]) -> Vec<(String, usize, usize)> {
    let mut found = Vec::new();
    for (start, (line_number, line)) in code.iter().enumerate() {
        let Some(at) = line.find("fn ") else { continue };
        if at > 0 && line.as_bytes()[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let name: String = line[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || line.ends_with(';') {
            continue;
        }
        let mut depth = 0i64;
        let mut opened = false;
        let mut count = 0;
        for (_, body) in &code[start..] {
            count += 1;
            depth += body.matches('{').count() as i64 - body.matches('}').count() as i64;
            opened |= body.contains('{');
            if (opened && depth <= 0) || (!opened && body.ends_with(';')) {
                break;
            }
        }
        found.push((name, *line_number, count));
    }
    found
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn no_file_over_800_lines_of_code_and_no_function_over_150() {
    let mut too_long = Vec::new();
    for file in rust_files(&src_dir()) {
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        let code = code_lines(&text);
        if code.len() > MAX_FILE_LINES {
            too_long.push(format!(
                "{}: {} lines of code (at most {MAX_FILE_LINES})",
                relative(&file),
                code.len()
            ));
        }
        for (name, line, count) in functions(&code) {
            if count > MAX_FN_LINES {
                too_long.push(format!(
                    "{}:{line}: fn {name} has {count} lines of code (at most {MAX_FN_LINES})",
                    relative(&file)
                ));
            }
        }
    }
    assert!(too_long.is_empty(), "split these:\n{}", too_long.join("\n"));
}

#[test]
fn the_counter_skips_comments_blank_lines_and_test_modules() {
    let text = "//! Doc\n\nfn a() {\n    // why\n    let x = 1; /* note */\n}\n\n#[cfg(test)]\n#[allow(dead_code)]\nmod tests {\n    fn b() {}\n}\n";
    let code = code_lines(text);
    assert_eq!(code.len(), 3, "{code:?}");
    assert_eq!(functions(&code), vec![("a".to_owned(), 3, 3)]);
}

#[test]
fn no_two_files_share_a_name() {
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut twins = Vec::new();
    for file in rust_files(&src_dir()) {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(first) = seen.insert(name.clone(), file.clone()) {
            twins.push(format!("{} and {}", relative(&first), relative(&file)));
        }
    }
    assert!(
        twins.is_empty(),
        "files of the same name:\n{}",
        twins.join("\n")
    );
}

/// The module path of a file under `src/` (`src/calc/lanes.rs` → `calc::lanes`).
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src_dir()).expect("file under src/");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_owned();
    }
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    if parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main") {
        return String::new();
    }
    parts.join("::")
}

/// The files a file imports from: each `crate::a::b::…` path in its code (tests left out),
/// resolved to the longest module that exists, plus `super::` paths. A child's use of its own
/// parent is the ordinary shape of a module tree and is not counted as an edge back.
fn imports(file: &Path, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let me = module_of(file);
    let mut found = BTreeSet::new();
    for (_, line) in code_lines(text) {
        let mut rest = line.as_str();
        while let Some(at) = rest.find("crate::").or_else(|| rest.find("super::")) {
            let is_super = rest[at..].starts_with("super::");
            let path_text: String = rest[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            rest = &rest[at + path_text.len().max(1)..];
            let mut segments: Vec<String> = path_text
                .split("::")
                .skip(1)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if is_super {
                let mut base: Vec<String> = me.split("::").map(str::to_owned).collect();
                base.pop();
                base.extend(segments);
                segments = base;
            }
            // The longest prefix that is a module of its own file.
            let mut target = None;
            for len in (1..=segments.len()).rev() {
                let candidate = segments[..len].join("::");
                if modules.contains(&candidate) {
                    target = Some(candidate);
                    break;
                }
            }
            if let Some(target) = target {
                let is_ancestor = me.starts_with(&format!("{target}::"));
                if target != me && !is_ancestor {
                    found.insert(target);
                }
            }
        }
    }
    found
}

/// Depth-first search from `node` for back edges; each one found is a circle, written with its path.
fn visit(
    node: &str,
    graph: &BTreeMap<String, BTreeSet<String>>,
    state: &mut BTreeMap<String, u8>,
    stack: &mut Vec<String>,
    circles: &mut Vec<String>,
) {
    state.insert(node.to_owned(), 1);
    stack.push(node.to_owned());
    for next in graph.get(node).into_iter().flatten() {
        match state.get(next.as_str()).copied().unwrap_or(0) {
            0 => visit(next, graph, state, stack, circles),
            1 => {
                let from = stack.iter().position(|n| n == next).unwrap_or(0);
                let mut circle = stack[from..].to_vec();
                circle.push(next.clone());
                circles.push(circle.join(" -> "));
            }
            _ => {}
        }
    }
    stack.pop();
    state.insert(node.to_owned(), 2);
}

#[test]
fn no_import_circle_between_files() {
    let files = rust_files(&src_dir());
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(f))
        .filter(|m| !m.is_empty())
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let me = module_of(file);
        if me.is_empty() {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("source is UTF-8");
        graph.insert(me, imports(file, &text, &modules));
    }
    let mut state = BTreeMap::new();
    let mut circles = Vec::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            visit(node, &graph, &mut state, &mut Vec::new(), &mut circles);
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn each_field_key_is_written_once_in_src() {
    use uplift::model::catalogue::{link_fields, pricing_fields, settings_fields, stage_fields};
    let fields = stage_fields::ALL
        .iter()
        .chain(link_fields::ALL.iter())
        .chain(settings_fields::ALL.iter())
        .chain(pricing_fields::ALL.iter());
    let sources: Vec<(PathBuf, String)> = rust_files(&src_dir())
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).expect("source is UTF-8");
            let code: Vec<String> = code_lines(&text).into_iter().map(|(_, l)| l).collect();
            (file, code.join("\n"))
        })
        .collect();
    let mut wrong = Vec::new();
    for field in fields {
        // One-word keys (`name`, `unit`, `id`, `jobs`, …) are also ordinary words of report
        // columns and the file scanner; the compound keys are the ones only a field uses.
        if !field.key.contains(['_', '.']) {
            continue;
        }
        let literal = format!("\"{}\"", field.key);
        let places: Vec<String> = sources
            .iter()
            .filter_map(|(file, code)| {
                let count = code.matches(&literal).count();
                (count > 0).then(|| format!("{} ({count})", relative(file)))
            })
            .collect();
        let total: usize = sources
            .iter()
            .map(|(_, c)| c.matches(&literal).count())
            .sum();
        if total != 1 {
            wrong.push(format!("{literal}: {total} times in {}", places.join(", ")));
        }
    }
    assert!(
        wrong.is_empty(),
        "field keys written other than once:\n{}",
        wrong.join("\n")
    );
}
