//! The json_schema reader on arbitrary bytes, scanned as `form.schema.json`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("form.schema.json", data));
