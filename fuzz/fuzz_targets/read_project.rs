//! Reads arbitrary bytes as a project file (RON and JSON), as opening a file does, then checks
//! and computes whatever loads. Nothing may panic, hang or use unbounded memory; whatever loads
//! holds only finite numbers.

#![no_main]

use libfuzzer_sys::fuzz_target;
use uplift::io::finite::first_non_finite;
use uplift::io::{FileFormat, read_bytes};

fuzz_target!(|bytes: &[u8]| {
    for format in [FileFormat::Ron, FileFormat::Json] {
        let Ok(loaded) = read_bytes(bytes, format) else {
            continue;
        };
        assert!(first_non_finite(&loaded.project).is_none());
        let _ = uplift::model::validate::validate(&loaded.project);
        if let Ok(results) = uplift::calc::compute(&loaded.project) {
            assert!(first_non_finite(&results).is_none());
        }
    }
});
