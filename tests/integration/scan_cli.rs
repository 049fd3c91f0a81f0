//! `dpia scan` end to end on the sample tools: categories per column, hosting facts, merged
//! sources, masking, exit codes.

use crate::util::*;

#[test]
fn no_argument_scans_the_bundled_example_with_masked_values() {
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("bundled example"), "{text}");
    assert!(text.contains("person_name"));
    assert!(
        text.contains("health"),
        "health data in the descriptions: {text}"
    );
    assert!(text.contains("jurisdiction eu"), "{text}");
    // No raw value of any personal column reaches the screen.
    let report = scan_json(&[fixture("example/damage-reports")], &["--show-values"]);
    for t in report["tables"].as_array().unwrap() {
        for c in t["columns"].as_array().unwrap() {
            if c["categories"].as_array().unwrap().is_empty() {
                continue;
            }
            for e in c["examples"].as_array().into_iter().flatten() {
                let raw = e.as_str().unwrap();
                if raw.chars().count() >= 4 {
                    assert!(!text.contains(raw), "raw value {raw:?} printed");
                }
            }
        }
    }
}

#[test]
fn damage_reports_columns_and_hosting() {
    let r = scan_json(&[fixture("shared-examples/damage-reports")], &[]);
    assert_eq!(categories(&r, "tenants", "vorname"), ["person_name"]);
    assert_eq!(categories(&r, "tenants", "nachname"), ["person_name"]);
    assert_eq!(categories(&r, "tenants", "email"), ["email"]);
    assert_eq!(categories(&r, "tenants", "telefon"), ["phone"]);
    assert_eq!(categories(&r, "tenants", "geburtsdatum"), ["date_of_birth"]);
    assert!(categories(&r, "tenants", "einzug").is_empty());
    assert!(categories(&r, "tenants", "id").is_empty());
    let text = categories(&r, "damage_reports", "schadensbeschreibung");
    assert!(text.contains(&"free_text".to_string()), "{text:?}");
    assert!(text.contains(&"health".to_string()), "{text:?}");
    assert!(categories(&r, "damage_reports", "estimated_cost_eur").is_empty());
    // The migration's ALTER TABLE column exists.
    assert!(categories(&r, "damage_reports", "photo_key").is_empty());
    let hosting = r["hosting"].as_array().unwrap();
    let d1 = hosting.iter().find(|h| h["component"] == "d1").unwrap();
    assert_eq!(d1["name"], "damage-reports-prod");
    assert_eq!(d1["binding"], "DB");
    assert!(d1["jurisdiction"].is_null());
    assert!(d1["source"].as_str().unwrap().contains("wrangler.jsonc:"));
    let r2 = hosting.iter().find(|h| h["component"] == "r2").unwrap();
    assert_eq!(r2["name"], "damage-photos");
    // Schema (migrations) and dump merge into one table per name.
    let tenants = r["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "tenants")
        .unwrap();
    assert_eq!(tenants["sources"].as_array().unwrap().len(), 2, "{tenants}");
    assert!(tenants["rows_sampled"].as_u64().unwrap() >= 20);
}

#[test]
fn onboarding_hub_sqlite_and_nested_ndjson() {
    let r = scan_json(&[fixture("shared-examples/onboarding-hub")], &[]);
    assert_eq!(categories(&r, "employes", "prenom"), ["person_name"]);
    assert_eq!(categories(&r, "employes", "courriel"), ["email"]);
    assert_eq!(categories(&r, "employes", "iban"), ["bank_account"]);
    assert_eq!(categories(&r, "employes", "numero_secu"), ["national_id"]);
    assert_eq!(
        categories(&r, "employes", "date_naissance"),
        ["date_of_birth"]
    );
    assert!(categories(&r, "employes", "poste").is_empty());
    assert_eq!(categories(&r, "events", "user.ip"), ["ip_address"]);
    assert_eq!(
        categories(&r, "events", "user.login"),
        ["online_identifier"]
    );
    assert!(categories(&r, "events", "action").is_empty());
}

#[test]
fn kpi_dashboard_aggregates_are_not_personal() {
    let r = scan_json(&[fixture("shared-examples/kpi-dashboard")], &[]);
    for c in ["month", "region", "gross_revenue_eur", "net_revenue_eur"] {
        assert!(categories(&r, "monthly_revenue", c).is_empty(), "{c}");
    }
    assert_eq!(categories(&r, "sales_reps", "name"), ["person_name"]);
    assert!(categories(&r, "dashboards", "name").is_empty());
    assert!(categories(&r, "dashboards", "url").is_empty());
    assert_eq!(categories(&r, "dashboards", "owner_email"), ["email"]);
}

#[test]
fn usage_errors_exit_2_and_nothing_scannable_exits_1() {
    let out = run(&["scan"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["scan", "--sample", "0", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["scan", "/nonexistent/tool"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: nothing could be scanned"), "{err}");
    assert!(err.contains("caused by: /nonexistent/tool"), "{err}");
    assert!(err.contains("hint: "), "{err}");
}

#[test]
fn a_user_dictionary_adds_terms_and_bad_ones_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("extra.toml");
    std::fs::write(
        &dict,
        "version = 1\n[[entry]]\ncategory = \"national_id\"\nconfidence = 0.9\nterms.de = [\"mitgliedsnummer\"]\n",
    )
    .unwrap();
    let csv = dir.path().join("mitglieder.csv");
    std::fs::write(&csv, "Mitgliedsnummer;Status\nM-1;aktiv\nM-2;aktiv\n").unwrap();
    let r = scan_json(
        std::slice::from_ref(&csv),
        &["--dictionary", dict.to_str().unwrap()],
    );
    assert_eq!(
        categories(&r, "mitglieder", "Mitgliedsnummer"),
        ["national_id"]
    );

    std::fs::write(
        &dict,
        "version = 1\n[[entry]]\ncategory = \"pasport\"\nconfidence = 0.9\nterms.de = [\"x\"]\n",
    )
    .unwrap();
    let out = run(&[
        "scan",
        "--dictionary",
        dict.to_str().unwrap(),
        csv.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("extra.toml:3: unknown category 'pasport'"),
        "{err}"
    );
}

#[test]
fn full_mode_reads_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    let mut text = String::from("id,email\n");
    for i in 0..2_000 {
        text.push_str(&format!("{i},person{i}@example.org\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let r = scan_json(std::slice::from_ref(&csv), &["--full"]);
    assert_eq!(r["tables"][0]["rows_sampled"], 2_000);
    assert_eq!(categories(&r, "people", "email"), ["email"]);
    let r = scan_json(&[csv], &["--sample", "50"]);
    assert_eq!(r["tables"][0]["rows_sampled"], 50);
    assert_eq!(r["tables"][0]["rows_seen"], 2_000);
}

#[test]
fn json_output_masks_examples_unless_asked() {
    let csv = fixture("shared-examples/kpi-dashboard/data/sales_reps.csv");
    let masked = scan_json(std::slice::from_ref(&csv), &[]);
    let raw = scan_json(&[csv], &["--show-values"]);
    let ex = |r: &serde_json::Value| {
        r["tables"][0]["columns"][1]["examples"][0]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(ex(&raw), "Leonard Baxter");
    assert_eq!(ex(&masked), "L****** B*****");
}

#[test]
fn files_over_the_size_limit_are_sampled_in_windows() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    let mut text = String::from("id,email,note\n");
    let mut i = 0;
    while text.len() < 3 << 20 {
        text.push_str(&format!("{i},person{i}@example.org,plain note {i}\n"));
        i += 1;
    }
    std::fs::write(&csv, &text).unwrap();
    let r = scan_json(std::slice::from_ref(&csv), &["--size-limit", "1"]);
    let warning = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains("windows"))
        .expect("a warning says the file was sampled");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(categories(&r, "big", "email"), ["email"]);
    let seen = r["tables"][0]["rows_seen"].as_u64().unwrap();
    assert!(seen < i as u64 / 2, "only windows are read: {seen} of {i}");
    // The fingerprint says how much was read, and that it is of the windows.
    assert!(r["inputs"][0]["bytes"].as_u64().unwrap() < text.len() as u64);
    assert_eq!(r["inputs"][0]["sampled"], true);
    // A file read whole says nothing of the kind (the field is left out).
    let whole = scan_json(std::slice::from_ref(&csv), &["--size-limit", "100"]);
    assert_eq!(whole["inputs"][0].get("sampled"), None);
    assert_eq!(
        whole["inputs"][0]["bytes"].as_u64(),
        Some(text.len() as u64)
    );
}

#[test]
fn columns_name_where_they_are_declared_in_json_and_human_output() {
    let tool = fixture("shared-examples/damage-reports");
    let r = scan_json(std::slice::from_ref(&tool), &[]);
    let column = |table: &str, name: &str| -> Vec<String> {
        let t = r["tables"].as_array().unwrap();
        let t = t.iter().find(|t| t["name"] == table).unwrap();
        let c = t["columns"].as_array().unwrap();
        let c = c.iter().find(|c| c["name"] == name).unwrap();
        c["declared_at"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().replace('\\', "/"))
            .collect()
    };
    let vorname = column("tenants", "vorname");
    assert_eq!(vorname.len(), 2, "{vorname:?}");
    assert!(
        vorname
            .iter()
            .any(|p| p.ends_with("migrations/0001_init.sql:14")),
        "{vorname:?}"
    );
    assert!(
        vorname
            .iter()
            .any(|p| p.ends_with("export/d1-export.sql:14")),
        "{vorname:?}"
    );
    // The migration's ALTER TABLE line, and the dump's CREATE TABLE line.
    let photo = column("damage_reports", "photo_key");
    assert!(
        photo
            .iter()
            .any(|p| p.ends_with("migrations/0002_photos_and_visits.sql:1")),
        "{photo:?}"
    );
    assert!(
        photo.iter().any(|p| p.ends_with("export/d1-export.sql:37")),
        "{photo:?}"
    );
    let out = run(&["scan", tool.to_str().unwrap()]);
    let text = stdout(&out);
    let line = format!("at {}", vorname[0]);
    assert!(text.contains(&format!("{line} (and 1 more)")), "{text}");
}
