//! The csv reader on arbitrary bytes, scanned as `data.csv`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("data.csv", data));
