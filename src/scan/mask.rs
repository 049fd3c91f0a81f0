//! Masks example values so that reports show the shape of the data, never the data:
//! `Anna Müller` → `A*** M*****`, `anna@example.org` → `****@example.org`, digits → `*`.

/// Longest masked example shown, in characters.
const MAX_CHARS: usize = 40;

/// Masks one value.
pub fn mask(value: &str) -> String {
    let value = value.trim();
    if let Some((local, domain)) = value.split_once('@') {
        if !local.is_empty()
            && domain.contains('.')
            && !domain.contains(' ')
            && !local.contains(' ')
        {
            return format!("****@{}", truncate(domain));
        }
    }
    let mut out = String::with_capacity(value.len());
    let mut at_word_start = true;
    for c in value.chars() {
        if c.is_alphabetic() {
            out.push(if at_word_start { c } else { '*' });
            at_word_start = false;
        } else if c.is_numeric() {
            out.push('*');
            at_word_start = false;
        } else {
            out.push(c);
            at_word_start = true;
        }
    }
    truncate(&out)
}

fn truncate(s: &str) -> String {
    if s.chars().count() > MAX_CHARS {
        let mut t: String = s.chars().take(MAX_CHARS).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_names_emails_and_numbers() {
        assert_eq!(mask("Anna Müller"), "A*** M*****");
        assert_eq!(mask("anna.mueller@example.org"), "****@example.org");
        assert_eq!(mask("+49(0)6563 21223"), "+**(*)**** *****");
        assert_eq!(
            mask("DE89370400440532013000"),
            "D***********************"[..22].to_string()
        );
        assert!(mask(&"x".repeat(100)).ends_with('…'));
        assert_eq!(mask(""), "");
    }
}
