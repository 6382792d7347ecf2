//! Bytes to text: byte-order marks, UTF-8, UTF-16, Windows-1252, and refusing
//! what is not text at all.
//!
//! The order of the checks matters and is deliberate:
//!
//! 1. Known magic numbers (PDF, PNG, ZIP, ...) are refused first, with a message
//!    that names the kind of file, because "binary file" alone does not tell a
//!    user that they opened the PDF instead of the article.
//! 2. A byte-order mark is authoritative. Bytes that are invalid in the encoding
//!    the BOM declares are an error rather than being silently replaced: the
//!    file is damaged and the user should know.
//! 3. Without a BOM, NUL bytes mean either BOM-less UTF-16 (recognised when the
//!    NULs sit at every other position, as they do for Latin text) or a binary
//!    file.
//! 4. Valid UTF-8 is UTF-8. Nothing else is valid UTF-8 by accident once a file
//!    has a few non-ASCII letters, so no statistics are needed.
//! 5. Otherwise, an encoding declared in an HTML page (`<meta charset>`) is used
//!    if it is a known one, and else Windows-1252, the superset of Latin-1 that
//!    every "ANSI" text editor on Windows wrote French and English in. Windows-1252
//!    decodes every byte, so this step never fails; a file in some other legacy
//!    encoding will show wrong letters, which the user can see.
//! 6. After decoding, NULs or a high share of control characters mean the bytes
//!    were not text after all.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Why bytes could not be turned into text. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// Zero bytes, or only a byte-order mark.
    Empty,
    /// A known non-text format, e.g. "a PDF document".
    NotText(&'static str),
    /// Binary content; the reason is shown in parentheses.
    Binary(String),
    /// Bytes invalid in the encoding the file declares.
    Invalid {
        encoding: &'static str,
        offset: usize,
    },
    /// An encoding we recognise but do not read.
    Unsupported(&'static str),
}

/// The decoded text and the name of the encoding it was read as.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    /// The WHATWG name of the encoding used; checked by the tests, handy
    /// when debugging a file.
    #[allow(dead_code)]
    pub(crate) encoding: &'static str,
}

/// Signatures of common non-text files, checked at offset 0.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (
        b"PK\x03\x04",
        "a ZIP archive (a .docx, .odt or .epub file is a ZIP archive too)",
    ),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a Microsoft Office document (.doc, .xls)",
    ),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
    (b"\xca\xfe\xba\xbe", "a Java class file or macOS executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg audio or video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"ID3", "an MP3 audio file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
];

/// Names the kind of file if `bytes` starts with a known non-text signature.
pub(crate) fn sniff_magic(bytes: &[u8]) -> Option<&'static str> {
    for &(magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            // "MZ" and "BZh" are also plausible starts of a text; require
            // the rest of the evidence before refusing.
            if magic == b"MZ" && !bytes.iter().take(512).any(|&b| b == 0) {
                continue;
            }
            if magic == b"BZh" && !matches!(bytes.get(3), Some(b'1'..=b'9')) {
                continue;
            }
            if magic == b"ID3" && !bytes.iter().take(10).any(|&b| b == 0) {
                continue;
            }
            return Some(what);
        }
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") {
        return Some(match &bytes[8..12] {
            b"WEBP" => "a WebP image",
            b"WAVE" => "a WAV audio file",
            b"AVI " => "an AVI video",
            _ => "a RIFF media file",
        });
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("an MP4/QuickTime media file");
    }
    None
}

/// Decodes `bytes` as described in the module documentation. `html` enables the
/// `<meta charset>` prescan for bytes that are not UTF-8.
pub(crate) fn decode(bytes: &[u8], html: bool) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(what) = sniff_magic(bytes) {
        return Err(DecodeError::NotText(what));
    }
    // UTF-32LE's BOM starts with UTF-16LE's: test it first.
    if bytes.starts_with(b"\xff\xfe\x00\x00") || bytes.starts_with(b"\x00\x00\xfe\xff") {
        return Err(DecodeError::Unsupported("UTF-32"));
    }
    let decoded = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            let body = &bytes[bom_len..];
            if body.is_empty() {
                return Err(DecodeError::Empty);
            }
            decode_strict(encoding, body).map_err(|offset| DecodeError::Invalid {
                encoding: encoding.name(),
                offset: offset + bom_len,
            })?
        }
        None => decode_without_bom(bytes, html)?,
    };
    check_text(&decoded.text)?;
    Ok(decoded)
}

fn decode_without_bom(bytes: &[u8], html: bool) -> Result<Decoded, DecodeError> {
    if memchr_nul(bytes) {
        if let Some(encoding) = guess_bomless_utf16(bytes) {
            return match decode_strict(encoding, bytes) {
                Ok(d) => Ok(d),
                Err(_) => Err(DecodeError::Binary("found NUL bytes".into())),
            };
        }
        return Err(DecodeError::Binary("found NUL bytes".into()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
        });
    }
    if html
        && let Some(encoding) = prescan_meta_charset(bytes)
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
        });
    }
    // Windows-1252 maps every byte to a character (five of them to C1
    // controls, which the normalizer removes), so this cannot fail.
    let (text, _had_errors) = WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: WINDOWS_1252.name(),
    })
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// UTF-16 text in a Latin script has a NUL in every other byte. Look at the
/// first 4 KiB: if at least 30% of the high bytes are NUL and almost none of
/// the low bytes are, it is UTF-16 (LE when the NULs are at odd offsets).
fn guess_bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    let mostly = |n: usize| n * 10 >= pairs * 3;
    let hardly = |n: usize| n * 50 <= pairs;
    if mostly(odd_nul) && hardly(even_nul) {
        Some(UTF_16LE)
    } else if mostly(even_nul) && hardly(odd_nul) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decodes without replacement characters; on error returns the byte offset
/// of the first invalid sequence.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<Decoded, usize> {
    if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
        });
    }
    Err(first_invalid_offset(encoding, bytes))
}

fn first_invalid_offset(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            Err(e) => e.valid_up_to(),
        };
    }
    if encoding == UTF_16LE || encoding == UTF_16BE {
        let units = bytes.chunks_exact(2).map(|p| {
            let pair = [p[0], p[1]];
            if encoding == UTF_16LE {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        let mut offset = 0;
        for r in char::decode_utf16(units) {
            match r {
                Ok(c) => offset += 2 * c.len_utf16(),
                Err(_) => return offset,
            }
        }
        // Only an odd trailing byte is left.
        return offset;
    }
    0
}

/// The `<meta charset="...">` or `<meta http-equiv="Content-Type"
/// content="text/html; charset=...">` declared in the first 1024 bytes, as
/// browsers look for it. UTF-16 declarations are ignored (the bytes would not
/// be ASCII-compatible if they were true), as the HTML standard says.
fn prescan_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let mut j = from + i + b"charset".len();
        from = j;
        while lower.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if lower.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while lower
            .get(j)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            j += 1;
        }
        let start = j;
        while lower
            .get(j)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        {
            j += 1;
        }
        let label = &lower[start..j];
        if let Some(encoding) = Encoding::for_label(label) {
            if encoding == UTF_16LE || encoding == UTF_16BE {
                return Some(UTF_8);
            }
            return Some(encoding.output_encoding());
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Refuses decoded text that is really binary data.
fn check_text(text: &str) -> Result<(), DecodeError> {
    if text.contains('\0') {
        return Err(DecodeError::Binary("found NUL bytes".into()));
    }
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            control += 1;
        }
    }
    // A few stray control characters are junk in a text; one in ten is not a text.
    if control >= 4 && control * 10 > total {
        let percent = control * 100 / total.max(1);
        return Err(DecodeError::Binary(format!(
            "{percent}% of the characters are control characters"
        )));
    }
    Ok(())
}

/// Decodes the beginning of `bytes` leniently, for sniffing the format.
pub(crate) fn decode_prefix_lossy(bytes: &[u8], max: usize) -> Cow<'_, str> {
    let (encoding, bom_len) = Encoding::for_bom(bytes).unwrap_or((UTF_8, 0));
    let end = bytes.len().min(bom_len.saturating_add(max));
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..end]);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if le { b"\xff\xfe" } else { b"\xfe\xff" });
        }
        for u in s.encode_utf16() {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("Élysée".as_bytes(), false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Élysée", "UTF-8"));
        let d = decode(b"\xef\xbb\xbf\xc3\x89t\xc3\xa9", false).unwrap();
        assert_eq!(d.text, "Été");
    }

    #[test]
    fn utf16_with_bom_and_bomless() {
        let text = "Bagdad, l’aéroport «\u{a0}Ain al-Asad\u{a0}»";
        for le in [true, false] {
            let d = decode(&utf16(text, le, true), false).unwrap();
            assert_eq!(d.text, text);
            let d = decode(&utf16(text, le, false), false).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
        }
    }

    #[test]
    fn windows_1252_fallback() {
        // "l’été à Noël : « œuvre »" in Windows-1252.
        let bytes = b"l\x92\xe9t\xe9 \xe0 No\xebl : \xab \x9cuvre \xbb";
        let d = decode(bytes, false).unwrap();
        assert_eq!(d.text, "l’été à Noël : « œuvre »");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn html_meta_charset_is_used_for_non_utf8() {
        // ISO-8859-15 has € at 0xA4 where Windows-1252 has ¤.
        let page = b"<html><head><meta charset=\"iso-8859-15\"></head><body>5 \xa4</body></html>";
        let d = decode(page, true).unwrap();
        assert!(d.text.contains("5 €"), "{}", d.text);
        let d = decode(page, false).unwrap();
        assert!(d.text.contains("5 ¤"), "{}", d.text);
        // A UTF-16 declaration in an ASCII-compatible page is a lie.
        let page = b"<meta http-equiv=Content-Type content='text/html; charset=utf-16'>caf\xe9";
        let d = decode(page, true).unwrap();
        assert!(d.text.ends_with("café"), "{}", d.text);
    }

    #[test]
    fn refuses_binary_and_known_formats() {
        assert_eq!(decode(b"", false).unwrap_err(), DecodeError::Empty);
        assert_eq!(
            decode(b"\xef\xbb\xbf", false).unwrap_err(),
            DecodeError::Empty
        );
        assert_eq!(
            decode(b"%PDF-1.7\n%\xe2\xe3", false).unwrap_err(),
            DecodeError::NotText("a PDF document")
        );
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0", false),
            Err(DecodeError::NotText("a PNG image"))
        ));
        assert_eq!(
            decode(b"abc\0def\x01\x02", false).unwrap_err(),
            DecodeError::Binary("found NUL bytes".into())
        );
        assert!(matches!(
            decode(b"\x01\x02\x03\x04\x05abc", false),
            Err(DecodeError::Binary(_))
        ));
        assert_eq!(
            decode(b"\xff\xfe\x00\x00a\x00\x00\x00", false).unwrap_err(),
            DecodeError::Unsupported("UTF-32")
        );
        // Text that merely starts like a signature is still text.
        assert!(decode(b"MZ is a river.", false).is_ok());
        assert!(decode(b"BZh, said the bee.", false).is_ok());
    }

    #[test]
    fn invalid_bytes_after_a_bom_are_an_error_with_an_offset() {
        assert_eq!(
            decode(b"\xef\xbb\xbfabc\xe9", false).unwrap_err(),
            DecodeError::Invalid {
                encoding: "UTF-8",
                offset: 6
            }
        );
        // An unpaired high surrogate at code unit 1.
        assert_eq!(
            decode(b"\xff\xfea\x00\x00\xd8b\x00", false).unwrap_err(),
            DecodeError::Invalid {
                encoding: "UTF-16LE",
                offset: 4
            }
        );
    }

    #[test]
    fn prefix_sniffing_is_lossy_and_bounded() {
        assert_eq!(decode_prefix_lossy(b"\xef\xbb\xbf<html>", 4), "<htm");
        assert_eq!(
            decode_prefix_lossy(&utf16("<!doctype", true, true), 8),
            "<!do"
        );
        assert_eq!(decode_prefix_lossy(b"", 8), "");
    }
}
