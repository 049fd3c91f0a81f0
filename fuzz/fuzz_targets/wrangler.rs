//! The wrangler reader on arbitrary bytes, scanned as `wrangler.jsonc`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("wrangler.jsonc", data));
