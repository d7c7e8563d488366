//! The kill test: a child process saves a large project over and over, alternating between two
//! versions, and is killed with SIGKILL at random moments, 100 times. After every kill the file
//! on disk must load and be exactly one of the two versions (or the version saved before the
//! child started), never a mix or a torn write.
//!
//! The child is this test binary itself, run with `--exact --ignored kill_test_child` and an
//! environment variable naming the file, so the product carries no test-only command.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use uplift::io::examples::default_project;
use uplift::io::{FileFormat, backup_path, load_project, read_bytes, save_project};
use uplift::model::{Project, StageId};

/// Names the file the child saves to; unset, the child does nothing.
const CHILD_FILE_ENV: &str = "UPLIFT_KILL_TEST_FILE";

/// What the child prints when it starts saving.
const READY: &str = "uplift-kill-test-child-ready";

/// Kills per run.
const KILLS: usize = 100;

/// A project of about 130 stages (about 350 kB of RON, far larger than real chains), named `name`.
fn large_project(name: &str) -> Project {
    let mut project = default_project().unwrap();
    let originals = project.stages.clone();
    for copy in 0..20 {
        for stage in &originals {
            let mut stage = stage.clone();
            stage.id = StageId(format!("{}-{copy}", stage.id));
            stage.capacity_per_year += f64::from(copy);
            project.stages.push(stage);
        }
    }
    name.clone_into(&mut project.name);
    project
}

/// The child: saves two versions in turn until it is killed.
#[test]
#[ignore = "the child half of saves_survive_sigkill_at_random_moments, which runs it"]
fn kill_test_child() {
    let Some(path) = std::env::var_os(CHILD_FILE_ENV) else {
        return;
    };
    let versions = [large_project("Version A"), large_project("Version B")];
    // Tell the parent the saving starts now, so its random moments fall among the saves.
    println!("{READY}");
    loop {
        for project in &versions {
            save_project(project, Path::new(&path)).unwrap();
        }
    }
}

/// A small xorshift generator: random kill moments without another dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

#[cfg(unix)]
#[test]
fn saves_survive_sigkill_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.ron");
    let before = large_project("Before the child");
    save_project(&before, &path).unwrap();
    let expected = [
        before,
        large_project("Version A"),
        large_project("Version B"),
    ];
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut random = Random(seed);
    // Kill moments spread over about five saves' time (the child's saves run slower than this
    // one under load), so kills land before, during and after each of A and B.
    let timer = Instant::now();
    save_project(&expected[0], &path).unwrap();
    let window_micros = (timer.elapsed().as_micros() as u64 * 5).max(1000);
    let started = Instant::now();
    let mut held = [0usize; 3];
    for kill in 0..KILLS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "kill_test_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_FILE_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains(READY) {
            line.clear();
            assert_ne!(stdout.read_line(&mut line).unwrap(), 0, "the child ended");
        }
        std::thread::sleep(Duration::from_micros(random.below(window_micros)));
        // `Child::kill` sends SIGKILL on Unix: no destructor, no flush, nothing runs.
        child.kill().unwrap();
        child.wait().unwrap();
        let on_disk = load_project(&path).unwrap_or_else(|error| {
            panic!("kill {kill} (seed {seed}): the file does not load: {error}")
        });
        let Some(which) = expected.iter().position(|project| *project == on_disk) else {
            panic!(
                "kill {kill} (seed {seed}): the file is none of the saved versions ('{}')",
                on_disk.name
            );
        };
        held[which] += 1;
        if backup_path(&path).exists() {
            let backup = std::fs::read(backup_path(&path)).unwrap();
            read_bytes(&backup, FileFormat::Ron).unwrap_or_else(|error| {
                panic!("kill {kill} (seed {seed}): the backup does not load: {error}")
            });
        }
    }
    // A version the child wrote was seen, so it really was saving between kills (which one
    // depends on the machine's speed).
    assert!(
        held[1] + held[2] > 0,
        "versions held (before, A, B): {held:?}; the child never completed a save"
    );
    eprintln!(
        "{KILLS} kills in {:.1} s (one save: {} ms); file held (before, A, B): {held:?}",
        started.elapsed().as_secs_f64(),
        window_micros / 2000
    );
}
