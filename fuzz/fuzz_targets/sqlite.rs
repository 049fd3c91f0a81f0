//! The sqlite reader on arbitrary bytes, scanned as `data.sqlite`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("data.sqlite", data));
