//! Tokeniser unit tests: literals, escapes per dialect, comments, unterminated input.

use super::super::lexer::{Lexer, Tok};

fn toks(src: &str, mysql: bool) -> Vec<Tok<'_>> {
    let mut lx = Lexer::new(src, mysql);
    let mut out = Vec::new();
    while let Ok(Some(t)) = lx.next_token() {
        out.push(t.tok);
    }
    out
}

#[test]
fn literals_and_identifiers() {
    let t = toks(
        r#"x 'it''s' "a""b" `c` [d e] X'0aFF' 1.5e-3 .5 0x1F $$a;b$$ $f$x$f$ $1"#,
        false,
    );
    assert_eq!(t[0], Tok::Word("x"));
    assert_eq!(t[1], Tok::Str("it's".into()));
    assert_eq!(t[2], Tok::Quoted("a\"b".into(), b'"'));
    assert_eq!(t[3], Tok::Quoted("c".into(), b'`'));
    assert_eq!(t[4], Tok::Quoted("d e".into(), b'['));
    assert_eq!(t[5], Tok::Blob("0aFF"));
    assert_eq!(t[6], Tok::Number("1.5e-3"));
    assert_eq!(t[7], Tok::Number(".5"));
    assert_eq!(t[8], Tok::Number("0x1F"));
    assert_eq!(t[9], Tok::Str("a;b".into()));
    assert_eq!(t[10], Tok::Str("x".into()));
    assert_eq!(t[11], Tok::Other("$1"));
}

#[test]
fn escapes_by_dialect() {
    assert_eq!(toks(r"'a\'b\n'", true), vec![Tok::Str("a'b\n".into())]);
    assert_eq!(toks(r"'a\'", false), vec![Tok::Str("a\\".into())]);
    assert_eq!(
        toks(r"E'x\ty\101\x41\u00e9'", false),
        vec![Tok::Str("x\tyAAé".into())]
    );
    assert_eq!(
        toks(r#""O\"Br""ien""#, true),
        vec![Tok::Quoted("O\"Br\"ien".into(), b'"')]
    );
}

#[test]
fn comments_and_ops() {
    let t = toks("a -- note here\n/* block */ b::text || c # x", false);
    assert_eq!(t[1], Tok::Comment("note here"));
    assert_eq!(t[3], Tok::Op("::"));
    assert_eq!(t[5], Tok::Op("||"));
    assert_eq!(t[7], Tok::Punct(b'#'));
    assert_eq!(toks("a # x", true)[1], Tok::Comment("x"));
}

#[test]
fn unterminated_is_error() {
    for s in ["'abc", "\"abc", "/* x", "$$ x", "[x", "X'00"] {
        let mut lx = Lexer::new(s, false);
        assert!(lx.next_token().is_err(), "{s}");
    }
}
