//! What must hold when any bytes at all are scanned as one file: the scan ends, every
//! problem names that file, and the report serialises. The fuzz targets (`fuzz/`, one per
//! reader, run with `cargo fuzz`) and the bounded mutation test below (run by `cargo test`,
//! so CI covers the readers on every change) both call [`scan_file_bytes`].

use super::{scan, Dictionary, NoProgress, ScanInput, ScanOptions, ScanReport};
use std::path::Path;

/// Writes `bytes` as `dir/name`, scans that one file (`full`: every row) and checks the
/// invariants; `Err` says which one broke. A panic inside the scan is the fuzzer's to catch.
pub fn scan_file_bytes(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    full: bool,
    dict: &Dictionary,
) -> Result<ScanReport, String> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut options = ScanOptions::new(crate::calendar::Date {
        year: 2026,
        month: 11,
        day: 25,
    });
    options.sample_rows = 50;
    options.full = full;
    let report = scan(
        &[ScanInput::Path(path.clone())],
        &options,
        dict,
        &NoProgress,
    );
    let shown = super::input::display(&path);
    if let Some(p) = report.problems.iter().find(|p| p.path != shown) {
        return Err(format!("a problem names another file: {p}"));
    }
    if report.inputs.len() > 1 {
        return Err(format!("{} inputs for one file", report.inputs.len()));
    }
    serde_json::to_string(&report).map_err(|e| format!("the report does not serialise: {e}"))?;
    Ok(report)
}

/// Deterministic mutations of seed inputs (bit flips, inserted tokens that matter to the
/// readers, cut, repeated and deleted ranges), for the bounded mutation test.
#[derive(Debug, Clone)]
pub struct Mutator(u64);

/// Bytes worth inserting: quotes, separators, brackets, comment and string openers, BOMs.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"'",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r",
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b"--",
    b"/*",
    b"$$",
    b"\\",
    b"\"$ref\":\"#\"",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\0",
    b"\x1b[2J",
    b"\xC3",
    b"NULL",
    b"INSERT INTO t VALUES (",
    b"CREATE TABLE ",
];

impl Mutator {
    pub fn new(seed: u64) -> Self {
        Mutator(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }

    /// One to four mutations of `seed`.
    pub fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
        let mut data = seed.to_vec();
        for _ in 0..=self.below(4) {
            let at = self.below(data.len() + 1);
            match self.below(6) {
                0 if !data.is_empty() => {
                    let i = at.min(data.len() - 1);
                    data[i] ^= 1 << self.below(8);
                }
                1 => {
                    let token = TOKENS[self.below(TOKENS.len())];
                    data.splice(at..at, token.iter().copied());
                }
                2 => data.truncate(at),
                3 => {
                    let end = (at + self.below(64)).min(data.len());
                    let piece: Vec<u8> = data[at..end].to_vec();
                    for _ in 0..=self.below(8) {
                        data.splice(at..at, piece.iter().copied());
                    }
                }
                _ => {
                    let end = (at + self.below(32)).min(data.len());
                    data.drain(at..end);
                }
            }
        }
        data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seeds per reader, as small realistic files.
    fn seeds() -> Vec<(&'static str, Vec<u8>)> {
        let sqlite = {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("s.sqlite");
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE patients (id INTEGER PRIMARY KEY, email TEXT, note TEXT, photo BLOB);
                 INSERT INTO patients (email, note, photo) VALUES
                   ('a@example.org', 'Diabetes', x'00ff'), ('b@example.org', NULL, NULL);
                 CREATE TABLE t2 (x, y GENERATED ALWAYS AS (x * 2) VIRTUAL);
                 INSERT INTO t2 (x) VALUES (1), (2);",
            )
            .unwrap();
            drop(conn);
            std::fs::read(&path).unwrap()
        };
        vec![
            (
                "0001_init.sql",
                b"CREATE TABLE tenants (id INTEGER PRIMARY KEY, email TEXT NOT NULL, -- contact\n  iban VARCHAR(34), \"full name\" TEXT);\nALTER TABLE tenants ADD COLUMN phone TEXT;\nCOMMENT ON COLUMN tenants.iban IS 'bank';\nINSERT INTO tenants VALUES (1, 'a@example.org', 'DE89370400440532013000', 'Anna O''Neil', '+49 30 1234567');\nCOPY tenants (id, email) FROM stdin;\n2\tb@example.org\n\\.\n".to_vec(),
            ),
            (
                "people.csv",
                "name;email;note\n\"Müller, Jürgen\";jm@example.org;\"said \"\"hi\"\"\nthen left\"\nAnna;as@example.org;\n".as_bytes().to_vec(),
            ),
            (
                "events.json",
                br#"[{"user":{"email":"a@example.org","ip":"10.0.0.1"},"meta":"{\"phone\":\"+491701234567\"}","tags":["x",1,null]},{"user":{"email":"b@example.org"}}]"#.to_vec(),
            ),
            (
                "log.ndjson",
                b"{\"ip\":\"192.168.0.1\",\"msg\":\"login\"}\n{\"ip\":\"::1\",\"nested\":{\"a\":[1,2]}}\nnot json\n".to_vec(),
            ),
            (
                "form.schema.json",
                br##"{"title":"Bewerbung","properties":{"email":{"type":"string","format":"email"},"adresse":{"$ref":"#/$defs/a"},"kinder":{"type":"array","items":{"$ref":"#"}}},"$defs":{"a":{"properties":{"plz":{"type":"string"}}}}}"##.to_vec(),
            ),
            (
                "wrangler.jsonc",
                b"{ // config\n \"name\": \"tool\", \"d1_databases\": [{\"binding\": \"DB\", \"database_name\": \"prod\", \"jurisdiction\": \"eu\"}],\n \"r2_buckets\": [{\"binding\": \"R2\", \"bucket_name\": \"photos\"}] /* end */ }\n".to_vec(),
            ),
            ("data.sqlite", sqlite),
        ]
    }

    #[test]
    fn mutated_inputs_never_break_a_reader() {
        // Bounded (CI time): 150 mutants per reader; `cargo fuzz` runs the same check for
        // as long as one likes.
        let dict = Dictionary::builtin().unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (i, (name, seed)) in seeds().into_iter().enumerate() {
            let mut mutator = Mutator::new(0xD91A + i as u64);
            scan_file_bytes(dir.path(), name, &seed, false, &dict)
                .unwrap_or_else(|e| panic!("{name} (seed): {e}"));
            for round in 0..150 {
                let data = mutator.mutate(&seed);
                if let Err(e) = scan_file_bytes(dir.path(), name, &data, round % 3 == 0, &dict) {
                    panic!(
                        "{name}, mutant {round}: {e}\ninput: {:?}",
                        String::from_utf8_lossy(&data)
                    );
                }
            }
        }
    }
}
