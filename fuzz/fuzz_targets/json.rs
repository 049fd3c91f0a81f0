//! The JSON and NDJSON readers on arbitrary bytes: the length picks `.json` or `.ndjson`
//! (and the mode, see common.rs), so every input reaches both readers as it mutates.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let name = if data.len() % 4 >= 2 {
        "events.ndjson"
    } else {
        "events.json"
    };
    common::check(name, data)
});
