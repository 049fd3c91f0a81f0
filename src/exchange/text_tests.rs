//! Tests of the HTML layout and its way back (`text`).

use super::*;

#[test]
fn tinymce_html_becomes_readable_text() {
    let html = "<h2>Badges</h2><div>Visitors get a <span style=\"color:red\">badge</span>.</div>\
        <ul><li>Name<ul><li>first</li><li>last</li></ul></li><li>Company &amp; host</li></ul>\
        <ol><li>Print</li><li>Return</li></ol>\
        <p>See <a href=\"https://www.cnil.fr/en\">the CNIL</a> and <img src=\"p.png\" alt=\"the plan\" />.</p>\
        <script>alert('no')</script><p>Two&nbsp;&nbsp;spaces &lt;kept&gt; &#8211; dash<br><br>after</p>";
    assert_eq!(
        html_to_text(html),
        "Badges\n\nVisitors get a badge.\n\n- Name\n  - first\n  - last\n- Company & host\n\n\
         1. Print\n2. Return\n\nSee the CNIL (https://www.cnil.fr/en) and [the plan].\n\n\
         Two  spaces <kept> – dash\n\nafter"
    );
}

#[test]
fn paragraphs_inside_list_items_and_broken_markup() {
    assert_eq!(
        html_to_text("<ul><li><p>one</p></li><li>two</ul><p>unclosed <b>bold"),
        "- one\n\n- two\n\nunclosed bold"
    );
    assert_eq!(html_to_text("<p>&nbsp;</p>"), "");
    assert_eq!(html_to_text(""), "");
}

#[test]
fn plain_text_is_told_from_html() {
    assert!(looks_like_html("<p>x</p>"));
    assert!(looks_like_html("a &amp; b"));
    assert!(looks_like_html("x<br/>y"));
    assert!(!looks_like_html("a < b and c > d, R&D, <3"));
    assert_eq!(
        field_text("line one\r\nline two  \n\n\n"),
        "line one\nline two"
    );
    assert_eq!(field_text("<p>a</p><p>b</p>"), "a\n\nb");
}

#[test]
fn text_survives_the_way_to_html_and_back() {
    let texts = [
        "one line",
        "two\nlines",
        "para one\n\npara two\nwith a second line",
        "  indented and  double  spaced",
        "- a\n  - nested <b>not a tag</b> & \"quotes\"",
        "1. ordered\n2. list",
        "trailing space trimmed",
        "Ümlaut ß – “typographic” quotes",
        "",
    ];
    for t in texts {
        let t = canonical(t);
        let html = text_to_html(&t);
        assert_eq!(html_to_text(&html), t, "via {html}");
        assert_eq!(html.is_empty(), t.is_empty());
    }
    assert_eq!(text_to_html("a  b"), "<p>a &nbsp;b</p>");
    assert_eq!(text_to_html("x < y\nz"), "<p>x &lt; y<br />z</p>");
}

#[test]
fn imported_html_is_stable_after_one_round() {
    let html = "<ul><li>a<ol><li>b</li></ol></li></ul><p>c&nbsp; &nbsp;d</p><div><br></div>";
    let once = html_to_text(html);
    assert_eq!(html_to_text(&text_to_html(&once)), once);
}
