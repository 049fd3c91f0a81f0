//! Bounds and edges of signing and verifying: a decompression bomb and an oversized file
//! (security review M3, L11), the test clock switch (M9), passphrase messages (L10), weak
//! keys (L7), and RFC 3161 time-stamps from a local `openssl ts` authority (issue 13).

use crate::signing::{key_args, keygen, path_str, pyhanko_trusting, sign_at, strs, tool, PASS};
use crate::util::{assessed, stderr, stdout};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// The security review's bomb: object streams of 1 MiB of zeros each, far more than allowed.
fn bomb(streams: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![0u8; 1 << 20]).expect("zlib");
    let data = z.finish().expect("zlib");
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = vec![out.len()];
    out.extend_from_slice(b"1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n");
    offsets.push(out.len());
    out.extend_from_slice(b"2 0 obj\n<</Type /Pages /Kids [] /Count 0>>\nendobj\n");
    for n in 0..streams {
        offsets.push(out.len());
        out.extend_from_slice(
            format!(
                "{} 0 obj\n<</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {}>>\nstream\n",
                n + 3,
                data.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    let x = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f\r\n", offsets.len() + 1).as_bytes(),
    );
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {} /Root 1 0 R>>\nstartxref\n{x}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn an_object_stream_bomb_is_refused_quickly() {
    // M3/A69-A70: 300 object streams that would inflate to 300 MiB.
    let tmp = tempfile::tempdir().expect("tmp");
    let pdf = tmp.path().join("bomb.pdf");
    std::fs::write(&pdf, bomb(300)).expect("write");
    let started = std::time::Instant::now();
    let out = crate::util::dpia()
        .arg("verify")
        .arg(&pdf)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stdout(&out).contains("object streams"), "{}", stdout(&out));
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    // L11: a sparse 300 MiB file costs no disk and must not be read into memory.
    let tmp = tempfile::tempdir().expect("tmp");
    let pdf = tmp.path().join("huge.pdf");
    let f = std::fs::File::create(&pdf).expect("create");
    f.set_len(300 * 1024 * 1024).expect("sparse");
    let out = crate::util::dpia()
        .arg("verify")
        .arg(&pdf)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("at most 256 MiB"), "{}", stderr(&out));
}

#[test]
fn dpia_now_needs_the_test_switch() {
    // M9: the clock override is a test switch, not a way to backdate.
    let out = crate::util::dpia()
        .env_remove("DPIA_TEST_CLOCK")
        .args(["scan", "--format", "json"])
        .arg(crate::util::fixture("example/damage-reports"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("DPIA_TEST_CLOCK=1"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn passphrase_variables_are_named_only_when_they_look_like_names() {
    // L10.
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let keys = tmp.path().join("keys");
    keygen(&dir, &keys);
    let pdf = tmp.path().join("signed.pdf");
    let sign = |var: &str, value: Option<&std::ffi::OsStr>| {
        let mut cmd = crate::util::dpia();
        if let Some(v) = value {
            cmd.env(var, v);
        }
        cmd.arg("--record")
            .arg(&dir)
            .args(["sign", &id[..8], "--passphrase-env", var, "--out"])
            .arg(&pdf)
            .args(strs(&key_args(&keys)))
            .output()
            .expect("runs")
    };
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let out = sign(
            "DPIA_BAD_PASS",
            Some(std::ffi::OsStr::from_bytes(b"\xff\xfe")),
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("DPIA_BAD_PASS is set but is not valid UTF-8"),
            "{}",
            stderr(&out)
        );
    }
    let out = sign(PASS, None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains(PASS),
        "the secret is echoed: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("not a variable name"),
        "{}",
        stderr(&out)
    );
    assert!(!pdf.exists());
}

/// An RSA key of 512 bits (made once with `openssl genpkey`; the rsa crate refuses to make
/// one), unencrypted PKCS#8.
const WEAK_RSA_512: &str = "-----BEGIN PRIVATE KEY-----\nMIIBUwIBADANBgkqhkiG9w0BAQEFAASCAT0wggE5AgEAAkEA8loagW/Z4Gag0aam\nBGUXsY0ZhbS8FKqEv7RaGxeBkdt+AimrKs7tg/r3mlkvdpDDWddgXttpbdl7nZFk\nM9tg5wIDAQABAkBeyCx7mOIOKDUXKWTebScSEov7xc6VCod2bjObStsqznkmEFzc\n227EZR7E60nrjB2HNmQzYxayOtPd6Ol+cL3RAiEA/CZ/ysA2+CTOJkbNvRqBInvx\nbvGzX+TribAlu1cqAykCIQD2DU7v/s0ZD27JQXdNfvLNcxQQJsI9W+OG1Gm8539V\njwIgJhAVuGB9q8W6jNKhWgt3NOJq1qmLv00KNTWu7HHC+MkCIGpqJxG06Y9FFW0F\nW0uw8+HXO34gxTE0ZJsTkweYN4IRAiA06YmfhsHMBU8cOMClQXOnm6sf0IdXSNYe\n37BnLbQ/qA==\n-----END PRIVATE KEY-----\n";

#[test]
fn an_rsa_key_of_512_bits_is_refused_before_signing() {
    // L7/A61: a clear refusal (exit 1), not an internal error after signing.
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let keys = tmp.path().join("keys");
    keygen(&dir, &keys);
    let key = tmp.path().join("weak.pem");
    std::fs::write(&key, WEAK_RSA_512).expect("write");
    let pdf = tmp.path().join("signed.pdf");
    let out = sign_at(
        &dir,
        &id,
        &pdf,
        &[
            "--key",
            path_str(&key),
            "--cert",
            path_str(&keys.join("cert.pem")),
        ],
        "en",
        Some("2026-11-25T10:00:00Z"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("512 bits"), "{}", stderr(&out));
    assert!(!pdf.exists());
}

/// An RFC 3161 authority made with openssl (root CA, TSA certificate with the critical
/// timeStamping EKU, `openssl ts` configuration) in `dir`.
pub(crate) fn openssl_tsa(dir: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .output()
            .expect("openssl is needed for this test; .ci/run installs it");
        assert!(out.status.success(), "openssl {args:?}: {}", stderr(&out));
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "tsa-ca.key",
        "-out",
        "tsa-ca.pem",
        "-days",
        "3650",
        "-subj",
        "/CN=Test TSA Root",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "tsa.key",
        "-out",
        "tsa.csr",
        "-subj",
        "/CN=Test Time-Stamping Authority",
    ]);
    std::fs::write(
        dir.join("tsa.ext"),
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\n",
    )
    .expect("ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "tsa.csr",
        "-CA",
        "tsa-ca.pem",
        "-CAkey",
        "tsa-ca.key",
        "-CAcreateserial",
        "-days",
        "365",
        "-extfile",
        "tsa.ext",
        "-out",
        "tsa.pem",
    ]);
    std::fs::write(dir.join("tsaserial"), "01\n").expect("serial");
    std::fs::write(
        dir.join("tsa.cnf"),
        "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\ndir = .\nserial = ./tsaserial\ncrypto_device = builtin\nsigner_cert = ./tsa.pem\ncerts = ./tsa-ca.pem\nsigner_key = ./tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\naccuracy = secs:1\nordering = no\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
    )
    .expect("cnf");
}

/// A local HTTP front for `openssl ts -reply` on 127.0.0.1 (Python's http.server), serving
/// at most 20 requests for at most 120 s; returns the child and its URL.
pub(crate) fn serve_tsa(dir: &Path) -> (std::process::Child, String) {
    let script = r#"
import http.server, subprocess, sys, time
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        open('req.tsq', 'wb').write(body)
        subprocess.run(['openssl', 'ts', '-reply', '-config', 'tsa.cnf', '-queryfile', 'req.tsq', '-out', 'resp.tsr'], check=True, capture_output=True)
        reply = open('resp.tsr', 'rb').read()
        self.send_response(200)
        self.send_header('Content-Type', 'application/timestamp-reply')
        self.send_header('Content-Length', str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
s.timeout = 5
print(s.server_address[1], flush=True)
end = time.time() + 120
for _ in range(20):
    if time.time() > end:
        break
    s.handle_request()
"#;
    let mut child = Command::new("python3")
        .current_dir(dir)
        .args(["-c", script])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is needed for this test; .ci/run installs it");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("port");
    let port: u16 = line.trim().parse().expect("a port number");
    (child, format!("http://127.0.0.1:{port}/"))
}

#[test]
#[ignore = "needs openssl, python3, pyHanko: run by .ci/run"]
fn a_signature_time_stamped_by_an_openssl_authority_verifies_with_the_trusted_time() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("record");
    let (id, _) = assessed(&dir);
    let keys = tmp.path().join("keys");
    keygen(&dir, &keys);
    let tsa_dir = tmp.path().join("tsa");
    std::fs::create_dir_all(&tsa_dir).expect("tsa dir");
    openssl_tsa(&tsa_dir);
    let (mut server, url) = serve_tsa(&tsa_dir);
    let pdf = tmp.path().join("stamped.pdf");
    let mut args = key_args(&keys);
    args.extend(["--tsa".to_string(), url]);
    let out = sign_at(&dir, &id, &pdf, &strs(&args), "en", None);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("time-stamp:"), "{}", stderr(&out));
    let cert = keys.join("cert.pem");
    let tsa_root = tsa_dir.join("tsa-ca.pem");
    let out = crate::util::dpia()
        .arg("--record")
        .arg(&dir)
        .arg("verify")
        .arg(&pdf)
        .arg("--trust")
        .arg(&cert)
        .arg("--trust")
        .arg(&tsa_root)
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("time-stamped") && text.contains("Test Time-Stamping Authority"),
        "{text}"
    );
    assert!(text.contains("authority trusted"), "{text}");
    // Trusting the signer but not the authority's root: the time cannot be relied on.
    let out = crate::util::dpia()
        .arg("--record")
        .arg(&dir)
        .arg("verify")
        .arg(&pdf)
        .arg("--trust")
        .arg(&cert)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("time-stamping authority is not trusted"),
        "{}",
        stdout(&out)
    );
    // pyHanko accepts the signature and its time-stamp.
    let hanko = pyhanko_trusting(&pdf, &[&cert, &tsa_root]);
    assert!(
        hanko.contains("intact=True valid=True trusted=True"),
        "pyHanko: {hanko}"
    );
    let sig = stdout(&tool("pdfsig", &[path_str(&pdf)]));
    assert!(sig.contains("Signature is Valid."), "pdfsig: {sig}");
}
