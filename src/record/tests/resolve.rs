//! Git-like prefix resolution of assessment and version ids.

use super::*;
use crate::record::{AssessmentId, RecordError};
use std::collections::HashSet;

/// A record with 40 assessments (so some first hex digits repeat) and their ids.
fn forty() -> (TempDir, Record, Vec<AssessmentId>) {
    let (tmp, dir) = temp();
    let r = open(&dir);
    let ids = (0..40)
        .map(|i| {
            let mut new = new_assessment("T");
            new.nonce = i.to_string();
            r.create(new, content("x"), "Ana", &NOW.into()).unwrap().0
        })
        .collect();
    (tmp, r, ids)
}

#[test]
fn unique_prefixes_resolve_like_git() {
    let (_tmp, r, ids) = forty();
    for id in &ids {
        assert_eq!(&r.resolve(id.as_str()).unwrap(), id);
        assert_eq!(&r.resolve(&id.as_str().to_uppercase()).unwrap(), id);
        assert_eq!(&r.resolve(&id.as_str()[..12]).unwrap(), id);
    }
}

#[test]
fn ambiguous_unknown_and_malformed_prefixes_are_errors() {
    let (_tmp, r, ids) = forty();
    // 40 ids over 16 first digits: some digit is shared.
    let shared = (0..16u32)
        .map(|d| char::from_digit(d, 16).unwrap().to_string())
        .find(|p| {
            ids.iter()
                .filter(|id| id.as_str().starts_with(p.as_str()))
                .count()
                > 1
        })
        .unwrap();
    match r.resolve(&shared) {
        Err(RecordError::AmbiguousAssessment { candidates, .. }) => {
            assert!(candidates.len() > 1);
            assert!(candidates.iter().all(|c| c.starts_with(&shared)));
        }
        other => panic!("expected ambiguity, got {other:?}"),
    }
    let used: HashSet<&str> = ids.iter().map(|id| &id.as_str()[..2]).collect();
    let unused = (0..256)
        .map(|n| format!("{n:02x}"))
        .find(|p| !used.contains(p.as_str()))
        .unwrap();
    let err = r.resolve(&unused).unwrap_err();
    assert!(
        matches!(err, RecordError::UnknownAssessment { .. }),
        "{err:?}"
    );
    assert!(err.hint().unwrap().contains("dpia list"));
    for bad in ["", "xyz", "12 34", &"a".repeat(65)] {
        let err = r.resolve(bad).unwrap_err();
        assert!(
            matches!(err, RecordError::InvalidPrefix { .. }),
            "{bad:?}: {err:?}"
        );
    }
}

#[test]
fn version_prefixes_resolve_within_one_assessment() {
    let (_tmp, dir) = temp();
    let r = open(&dir);
    let (id, v1) = r
        .create(new_assessment("T"), content("0"), "Ana", &NOW.into())
        .unwrap();
    let mut versions = vec![v1];
    for i in 1..20 {
        versions.push(add(&r, &id, content(&i.to_string()), "Ana", NOW).unwrap());
    }
    for v in &versions {
        assert_eq!(&r.resolve_version(&id, &v.as_str()[..10]).unwrap(), v);
    }
    let shared = (0..16u32)
        .map(|d| char::from_digit(d, 16).unwrap().to_string())
        .find(|p| {
            versions
                .iter()
                .filter(|v| v.as_str().starts_with(p.as_str()))
                .count()
                > 1
        })
        .unwrap();
    let err = r.resolve_version(&id, &shared).unwrap_err();
    assert!(
        matches!(err, RecordError::AmbiguousVersion { .. }),
        "{err:?}"
    );
    // A version of another assessment does not resolve here.
    let (_, other) = r
        .create(new_assessment("U"), content("0"), "Ana", &NOW.into())
        .unwrap();
    let err = r.resolve_version(&id, other.as_str()).unwrap_err();
    assert!(matches!(err, RecordError::UnknownVersion { .. }), "{err:?}");
}
