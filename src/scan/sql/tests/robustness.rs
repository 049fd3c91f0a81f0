//! Errors with the right lines, truncated and binary input, encodings, limits.

use super::*;

#[test]
fn truncated_input_reports_where_the_string_began() {
    let sql = "CREATE TABLE t (a TEXT);\nINSERT INTO t VALUES ('ok');\n\nINSERT INTO t VALUES (1,\n'never closed\nmore text\n";
    let items = read(sql);
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    let err = items[2].as_ref().expect_err("error");
    assert_eq!(err.line, 5);
    assert!(err.message.contains("unterminated string"), "{err}");
    let items = read("SELECT 1;\n/* open comment\n\n");
    assert_eq!(
        items,
        vec![Err(SqlError {
            line: 2,
            message: "unterminated /* comment at end of input (began on line 2)".into()
        })]
    );
}

#[test]
fn malformed_statements_are_errors_and_reading_continues() {
    let sql = "CREATE TABLE a (x INT, y INT\n;\nINSERT INTO b VALUES (1, 2;\nINSERT INTO b VALUES 5;\n\
        garbage here;\nCREATE TABLE c;\nCREATE TABLE d (e INT);\nINSERT INTO b VALUES (1,,2);\nINSERT INTO;";
    let items = read(sql);
    let lines: Vec<_> = items
        .iter()
        .map(|r| r.as_ref().map_err(|e| e.line).err())
        .collect();
    assert_eq!(
        lines,
        [Some(1), Some(3), Some(4), Some(6), None, Some(8), Some(9)]
    );
    assert!(items[0]
        .as_ref()
        .unwrap_err()
        .message
        .contains("unbalanced"));
}

#[test]
fn latin1_lines_bom_and_empty_input() {
    let mut input =
        b"\xEF\xBB\xBFINSERT INTO t VALUES ('M\xFCller');\nINSERT INTO t VALUES ('\xC3\xA9');\n"
            .to_vec();
    input.extend_from_slice(b"INSERT INTO t VALUES ('caf\xE9');\n");
    let mut reader = StatementReader::new(input.as_slice());
    let s: Vec<_> = reader.by_ref().map(Result::unwrap).collect();
    assert_eq!(rows(&s[0])[0], [text("Müller")]);
    assert_eq!(rows(&s[1])[0], [text("é")]);
    assert_eq!(rows(&s[2])[0], [text("café")]);
    assert_eq!(reader.latin1_lines(), 2);
    assert_eq!(reader.bytes_read(), input.len() as u64);
    assert_eq!(reader.line(), 3);
    assert_eq!(read_bytes(&input), s.into_iter().map(Ok).collect::<Items>());
    assert!(read("").is_empty());
    assert!(read("\n\n  -- only a comment\n").is_empty());
}

#[test]
fn statement_lines_skip_comments_and_blank_lines() {
    let sql = "-- header\n\n/* block\n comment */\n\n  CREATE TABLE a (x);\n\n-- c\n# not mysql\n\\connect db\nINSERT INTO a VALUES (1); INSERT INTO a VALUES (2);\n\n\n  \n DROP TABLE a, \"b\";";
    let lines: Vec<u64> = ok(read(sql))
        .iter()
        .map(|s| match s {
            Statement::CreateTable { line, .. }
            | Statement::Insert { line, .. }
            | Statement::DropTable { line, .. } => *line,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(lines, [6, 11, 11, 15, 15]);
}

#[test]
fn statement_too_long_is_skipped() {
    let big = format!(
        "INSERT INTO t VALUES ('{}');\nINSERT INTO t VALUES (1);\n",
        "x".repeat(5000)
    );
    let items: Items = StatementReader::with_limits(big.as_bytes(), 1000, 64).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap_err().line, 1);
    assert!(items[0].as_ref().unwrap_err().message.contains("too long"));
    assert!(items[1].is_ok());
}

/// Deterministic xorshift bytes.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_garbage_never_panics() {
    for seed in 1..40 {
        let bytes = noise(seed, 20_000);
        let _ = read_bytes(&bytes);
        // Garbage made of SQL-ish bytes stresses the state machines harder.
        let alphabet = b"'\"`[]();,-/*#$\\\n abcEXT0123.:|=";
        let sqlish: Vec<u8> = bytes
            .iter()
            .map(|b| alphabet[usize::from(*b) % alphabet.len()])
            .collect();
        let _ = read_bytes(&sqlish);
    }
}

/// `got` is the statement `want`, or `want`'s COPY block cut in its rows (every row but the
/// last, which the cut may have split, is one of `want`'s).
fn same_or_cut(got: &Result<Statement, SqlError>, want: &Result<Statement, SqlError>) -> bool {
    match (got, want) {
        (
            Ok(Statement::Copy {
                table,
                columns,
                rows,
                ..
            }),
            Ok(Statement::Copy {
                table: t,
                columns: c,
                rows: r,
                ..
            }),
        ) => table == t && columns == c && r.starts_with(&rows[..rows.len().saturating_sub(1)]),
        _ => got == want,
    }
}

#[test]
fn every_truncation_of_a_dump_is_handled() {
    let samples = [D1, "CREATE TRIGGER t BEGIN SELECT 1; END; COPY x (a) FROM stdin;\n1\n\\.\nINSERT INTO `a` VALUES ('\\'', $$x$$, E'\\'');"];
    // Cutting a dump only takes statements away at its end: for every prefix, every item but
    // the last is the full read's item at that place (a COPY block may have lost rows), and the
    // last is a statement or an error naming a line of the prefix.
    for sample in samples {
        let full = read(sample);
        assert!(full.iter().all(Result::is_ok), "{full:?}");
        let mut cuts = 0;
        for cut in (0..=sample.len()).filter(|&c| sample.is_char_boundary(c)) {
            let prefix = &sample[..cut];
            let items = read(prefix);
            assert!(items.len() <= full.len(), "cut {cut}: {items:?}");
            // A cut inside the first statement may leave nothing to read.
            let Some((last, before)) = items.split_last() else {
                continue;
            };
            for (got, want) in before.iter().zip(&full) {
                assert!(same_or_cut(got, want), "cut {cut}: {got:?} is not {want:?}");
            }
            let lines = prefix.split('\n').count() as u64;
            match last {
                Err(e) => assert!(
                    e.line >= 1 && e.line <= lines,
                    "cut {cut}: {e} of {lines} lines"
                ),
                Ok(_) => cuts += 1,
            }
        }
        assert!(cuts > 0, "no prefix read as statements");
    }
}

#[test]
fn deeply_nested_values_are_kept_as_text_in_linear_time() {
    // The red team's C30: 100,000 nested parentheses in one VALUES row (17 s before).
    let deep = format!(
        "INSERT INTO t VALUES ({}1{}, {}'a' || 'b'{});\nINSERT INTO t VALUES ((('x')));\n",
        "(".repeat(100_000),
        ")".repeat(100_000),
        "(".repeat(70),
        ")".repeat(70)
    );
    let items = read(&deep);
    assert_eq!(items.len(), 2, "{items:?}");
    let first = rows(items[0].as_ref().unwrap());
    assert!(matches!(&first[0][0], SqlValue::Other(s) if s.len() > 200_000));
    assert!(matches!(&first[0][1], SqlValue::Other(_)));
    let second = rows(items[1].as_ref().unwrap());
    assert_eq!(second[0][0], SqlValue::Text("x".into()));
}
