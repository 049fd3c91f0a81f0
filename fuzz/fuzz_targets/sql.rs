//! The sql reader on arbitrary bytes, scanned as `migration.sql`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("migration.sql", data));
