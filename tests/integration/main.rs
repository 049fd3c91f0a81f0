//! One integration test binary: runs the real `dpia` binary (and the library, where a test
//! needs many scans) on the fixtures under `tests/fixtures/`.

mod audit_signed;
mod auditor;
mod bad_input;
mod check;
mod check_ci;
mod cnil_cli;
mod code_bad_input;
mod config_cli;
mod errors;
mod evidence_lang;
mod export_timestamp;
mod flow_quality;
mod french;
mod full_scan;
mod legal;
mod quality;
mod questionnaire;
mod record_access;
mod record_cli;
mod record_crash;
mod report;
mod report_content;
mod review_cycle;
mod ropa_cli;
mod scan_cli;
mod scan_exit;
mod scan_files;
mod scan_limits;
mod scan_objects;
mod signing;
mod signing_limits;
mod signing_roles;
mod terminal_safety;
mod tui;
mod tui_issues;
mod util;

#[test]
fn every_test_module_is_declared() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(module) = name.strip_suffix(".rs") {
            if module != "main" {
                assert!(
                    main.contains(&format!("mod {module};")),
                    "tests/integration/{name} is not declared in main.rs"
                );
            }
        }
    }
}
