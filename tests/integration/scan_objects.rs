//! Files in object storage (issue 17): a bucket exported next to a tool is found by its R2
//! bucket name, or named with `--objects DIR`; image metadata and document text become a
//! table named after the bucket, tied to its binding, with counts and never contents; broken
//! files are warnings naming the file.

use crate::util::*;

#[test]
fn a_bucket_folder_named_like_an_r2_bucket_is_read_and_tied_to_its_binding() {
    let tool = fixture("labelled/claims-uploads");
    let report = scan_json_clean(std::slice::from_ref(&tool), &[]);
    assert_eq!(
        categories(&report, "claim-uploads", "image_gps"),
        ["geolocation"]
    );
    assert_eq!(
        categories(&report, "claim-uploads", "document_health"),
        ["health"]
    );
    let table = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "claim-uploads")
        .unwrap();
    assert_eq!(table["rows_seen"], 30, "every file of the bucket");
    let files = &table["columns"][0];
    assert_eq!(files["name"], "files");
    let evidence = files["evidence"].to_string();
    assert!(
        evidence.contains("24 images, 3 PDF, 2 DOCX, 1 text")
            && evidence.contains("binding UPLOADS")
            && evidence.contains("wrangler.jsonc:7"),
        "{evidence}"
    );
    // The app's own image is no upload: not read, still listed as skipped.
    let skipped = report["skipped"].to_string();
    assert!(skipped.contains("public/logo.jpg"), "{skipped}");
    assert!(!skipped.contains("r2-export"), "{skipped}");
    // The bucket without personal metadata has only its files column.
    let product = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "product-images")
        .unwrap();
    assert_eq!(product["columns"].as_array().unwrap().len(), 1);
}

#[test]
fn object_reports_hold_counts_never_contents() {
    let tool = fixture("labelled/claims-uploads");
    for format in ["human", "json"] {
        let out = run(&["scan", tool.to_str().unwrap(), "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("claim-uploads"), "{text}");
        for secret in [
            "Anna Berger",
            "Bronchitis",
            "camille.dubois",
            "1234567",
            "DE89",
        ] {
            assert!(
                !text.contains(secret),
                "{format} output shows '{secret}':\n{text}"
            );
        }
    }
}

#[test]
fn objects_option_reads_a_folder_and_broken_files_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let bucket = dir.path().join("sick-notes");
    std::fs::create_dir_all(bucket.join("2026")).unwrap();
    std::fs::write(
        bucket.join("2026/note.txt"),
        "Ich bin seit Montag krankgeschrieben, Diagnose Migräne.",
    )
    .unwrap();
    std::fs::write(bucket.join("broken.pdf"), b"%PDF-1.7\n1 0 obj <<").unwrap();
    std::fs::write(bucket.join("broken.docx"), b"PK\x03\x04not a zip").unwrap();
    std::fs::write(
        bucket.join("broken.jpg"),
        b"\xFF\xD8\xFF\xE1\x00\x10Exif\0\0II*\0\x08",
    )
    .unwrap();
    std::fs::write(bucket.join("data.bin"), [0u8, 1, 2, 3]).unwrap();
    let tool = dir.path().join("tool");
    std::fs::create_dir_all(&tool).unwrap();
    std::fs::write(tool.join("users.csv"), "id,email\n1,a@example.org\n").unwrap();
    let out = run(&[
        "scan",
        tool.to_str().unwrap(),
        "--objects",
        bucket.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings only: {}",
        stderr(&out)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        categories(&report, "sick-notes", "document_health"),
        ["health"]
    );
    let files = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "sick-notes")
        .unwrap()["columns"][0]["evidence"]
        .to_string();
    assert!(
        files.contains("5 files") && files.contains("3 could not be read"),
        "{files}"
    );
    assert!(files.contains("no R2 binding"), "{files}");
    let problems = report["problems"].as_array().unwrap();
    for name in ["broken.pdf", "broken.docx", "broken.jpg"] {
        let p = problems
            .iter()
            .find(|p| p["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("no problem for {name}: {problems:?}"));
        assert_eq!(p["severity"], "warning", "{p}");
    }
    // A file given to --objects is an error: the scan says so and exits 1.
    let out = run(&[
        "scan",
        tool.to_str().unwrap(),
        "--objects",
        bucket.join("broken.pdf").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("--objects needs a folder"),
        "{}",
        stdout(&out)
    );
}
