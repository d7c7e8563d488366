//! Writing large RON projects on every core.
//!
//! ron's pretty printer writes about 160 MB a second on one core, so a 10,000-stage project
//! (17 MB) takes most of 110 ms to print, nearly all of it in the `stages` and `links` arrays.
//! [`project_to_ron`] prints those arrays' elements in parallel, in runs printed as lists of
//! their own, indents them to where they sit in the file, and splices them into the rest of the
//! project printed with empty arrays. The text is byte for byte what printing the whole project
//! at once gives (tests check it on generated and example projects): an element printed in a
//! list of its own differs from one printed inside the project's array only by the indentation
//! of its lines, since strings are printed with their line breaks escaped.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Project;

/// Elements printed by one rayon task.
const ELEMENTS_PER_TASK: usize = 64;

/// `project` as pretty RON with `options` and `config`, its stages and links printed in
/// parallel; `None` when the printed header does not have the expected shape (the caller then
/// prints the whole project at once).
pub(super) fn project_to_ron(
    project: &Project,
    options: &ron::Options,
    config: &ron::ser::PrettyConfig,
) -> Option<Result<String, ron::Error>> {
    // Every field but the two arrays; listing them all makes a new field a compile error here.
    let header = Project {
        version: project.version,
        name: project.name.clone(),
        description: project.description.clone(),
        currency: project.currency.clone(),
        base_year: project.base_year,
        horizon: project.horizon,
        economy: project.economy.clone(),
        phases: project.phases.clone(),
        stages: Vec::new(),
        links: Vec::new(),
        notes: project.notes.clone(),
        sources: project.sources.clone(),
        policy: project.policy.clone(),
        prices: project.prices.clone(),
        fiscal: project.fiscal.clone(),
        scenarios: project.scenarios.clone(),
        levers: project.levers.clone(),
        uncertainties: project.uncertainties.clone(),
    };
    let (header, (stages, links)) = rayon::join(
        || options.to_string_pretty(&header, config.clone()),
        || {
            rayon::join(
                || elements(&project.stages, options, config),
                || elements(&project.links, options, config),
            )
        },
    );
    let (header, stages, links) = match (header, stages?, links?) {
        (Ok(header), Ok(stages), Ok(links)) => (header, stages, links),
        (Err(error), ..) | (_, Err(error), _) | (.., Err(error)) => return Some(Err(error)),
    };
    let indent: &str = &config.indentor;
    let with_stages = splice(&header, "stages", &stages, indent)?;
    splice(&with_stages, "links", &links, indent).map(Ok)
}

/// The text of the elements of an array of the project, indented two levels (the array sits in
/// the project, the elements in the array), each followed by a comma and a line break as ron
/// does; `None` when ron's text does not have the expected shape. Each task prints a run of
/// elements as one list, whose elements sit one level deep; printing it with one more level of
/// indentation after every line break puts them where they sit in the file.
fn elements<T: Serialize + Sync>(
    items: &[T],
    options: &ron::Options,
    config: &ron::ser::PrettyConfig,
) -> Option<Result<String, ron::Error>> {
    let indent: &str = &config.indentor;
    let deeper = config.clone().new_line(format!("\n{indent}"));
    let runs: Vec<Option<String>> = match items
        .par_chunks(ELEMENTS_PER_TASK)
        .map(|run| {
            let printed = options.to_string_pretty(run, deeper.clone())?;
            // `[`, a line break, then the elements, each ending `,` and a line break, then one
            // level of indentation and `]`.
            Ok(printed
                .strip_prefix("[\n")
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|rest| rest.strip_suffix(indent))
                .map(str::to_owned))
        })
        .collect::<Result<_, ron::Error>>()
    {
        Ok(runs) => runs,
        Err(error) => return Some(Err(error)),
    };
    runs.into_iter()
        .collect::<Option<Vec<String>>>()
        .map(|runs| Ok(runs.concat()))
}

/// `header` with its empty `field: [],` replaced by the array holding `elements`; `None` when
/// the header does not hold that line exactly once.
fn splice(header: &str, field: &str, elements: &str, indent: &str) -> Option<String> {
    if elements.is_empty() {
        return Some(header.to_owned());
    }
    let empty = format!("\n{indent}{field}: [],\n");
    let at = header.find(&empty)?;
    if header[at + empty.len()..].contains(&empty) {
        return None;
    }
    let mut text = String::with_capacity(header.len() + elements.len() + 64);
    text.push_str(&header[..at]);
    for piece in ["\n", indent, field, ": [\n"] {
        text.push_str(piece);
    }
    text.push_str(elements);
    text.push_str(indent);
    text.push_str("],\n");
    text.push_str(&header[at + empty.len()..]);
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ron::ser::PrettyConfig {
        ron::ser::PrettyConfig::new()
            .indentor("    ".to_owned())
            .separate_tuple_members(false)
            .enumerate_arrays(false)
    }

    fn printed_both_ways(project: &Project) -> (String, String) {
        let options = ron::Options::default();
        let whole = options.to_string_pretty(project, config());
        let parallel = project_to_ron(project, &options, &config());
        match (whole, parallel) {
            (Ok(whole), Some(Ok(parallel))) => (whole, parallel),
            (whole, parallel) => panic!("{whole:?} / {parallel:?}"),
        }
    }

    #[test]
    fn generated_projects_print_byte_for_byte_as_in_one_pass() {
        for (stages, seed) in [(1, 1), (7, 2), (64, 3), (65, 4), (300, 5), (1_000, 6)] {
            let project = crate::model::generate::generate(stages, seed);
            let (whole, parallel) = printed_both_ways(&project);
            assert!(whole == parallel, "{stages} stages, seed {seed}");
            // What a save writes (in parallel from 500 stages and links).
            let Ok(saved) = crate::io::project_to_ron(&project) else {
                panic!("{stages} stages print");
            };
            assert!(saved == format!("{whole}\n"), "{stages} stages saved");
        }
    }

    #[test]
    fn example_projects_print_byte_for_byte_as_in_one_pass() {
        for example in &crate::io::examples::EXAMPLES {
            let Ok(mut project) = example.project() else {
                panic!("{} reads", example.file_name);
            };
            let (whole, parallel) = printed_both_ways(&project);
            assert!(whole == parallel, "{}", example.file_name);
            // Line breaks, quotes and brackets inside a stage's strings.
            if let Some(stage) = project.stages.first_mut() {
                stage.name = "Line one\nline two \"quoted\" ], ( // not a comment".to_owned();
                stage
                    .sources
                    .insert("capex".to_owned(), "a\r\nb\tc ) ]".to_owned());
            }
            let (whole, parallel) = printed_both_ways(&project);
            assert!(
                whole == parallel,
                "{} with awkward strings",
                example.file_name
            );
        }
    }

    #[test]
    fn projects_without_stages_or_links_print_as_in_one_pass() {
        let mut project = crate::model::generate::generate(20, 1);
        project.links.clear();
        let (whole, parallel) = printed_both_ways(&project);
        assert!(whole == parallel, "no links");
        project.stages.clear();
        let (whole, parallel) = printed_both_ways(&project);
        assert!(whole == parallel, "nothing");
    }
}
