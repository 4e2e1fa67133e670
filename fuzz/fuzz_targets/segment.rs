//! Segmentation of arbitrary text: tokens and sentences must be in order,
//! on character boundaries, with character and byte offsets that agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::model::TokenKind;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let seg = newsgraph::segment::segment(&text);
    // Byte offset of every character index, and one past the end.
    let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_of.push(text.len());
    let mut prev_end = 0;
    for t in &seg.tokens {
        assert!(t.start < t.end, "empty token {t:?}");
        assert!(t.start >= prev_end, "overlapping token {t:?}");
        assert_eq!(byte_of[t.start], t.byte_start, "{t:?}");
        assert_eq!(byte_of[t.end], t.byte_end, "{t:?}");
        let s = &text[t.byte_start..t.byte_end];
        assert!(
            !s.chars().any(char::is_whitespace),
            "whitespace in token {s:?}"
        );
        if t.kind == TokenKind::Punct {
            assert_eq!(s.chars().count(), 1, "{s:?}");
        }
        prev_end = t.end;
    }
    // Sentences cover every token once, in order.
    let mut next = 0;
    for (i, s) in seg.sentences.iter().enumerate() {
        assert_eq!(s.index, i);
        assert_eq!(s.tokens.start, next, "gap before sentence {i}");
        assert!(!s.tokens.is_empty(), "empty sentence {i}");
        let (a, b) = (&seg.tokens[s.tokens.start], &seg.tokens[s.tokens.end - 1]);
        assert_eq!(
            (s.start, s.end, s.byte_start, s.byte_end),
            (a.start, b.end, a.byte_start, b.byte_end)
        );
        next = s.tokens.end;
    }
    assert_eq!(next, seg.tokens.len(), "tokens after the last sentence");
});
