//! The redactor against a labelled set of lines (`tests/data/redaction/labelled.tsv`):
//! personal data to replace, and look-alikes to leave alone. Precision and recall per
//! marker are printed and must each be at least 0.9 overall.

use insight_ingest::Redactor;
use std::collections::BTreeMap;

const MARKERS: [&str; 6] = [
    "[email]",
    "[phone]",
    "[nhs number]",
    "[postcode]",
    "[date of birth]",
    "[name]",
];

#[test]
fn redaction_precision_and_recall() {
    let path = crate::support::repo_root().join("tests/data/redaction/labelled.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let redactor = Redactor::new();
    let mut by_marker: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let (mut lines, mut exact) = (0, 0);
    let mut wrong = Vec::new();
    for line in text.lines().skip(1) {
        let (input, expected) = line.split_once('\t').expect("two fields");
        let (output, _) = redactor.redact(input);
        lines += 1;
        if output == expected {
            exact += 1;
        } else {
            wrong.push(format!(
                "  {input}\n  got:      {output}\n  expected: {expected}"
            ));
        }
        for marker in MARKERS {
            let want = expected.matches(marker).count();
            let got = output.matches(marker).count();
            let entry = by_marker.entry(marker).or_default();
            entry.0 += want.min(got);
            entry.1 += got.saturating_sub(want);
            entry.2 += want.saturating_sub(got);
        }
    }
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (marker, (t, f, n)) in &by_marker {
        println!(
            "{marker:<16} precision {:.3} recall {:.3} (tp {t}, fp {f}, fn {n})",
            *t as f64 / (t + f).max(1) as f64,
            *t as f64 / (t + n).max(1) as f64
        );
        tp += t;
        fp += f;
        fn_ += n;
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!("overall: precision {precision:.3}, recall {recall:.3}; {exact} of {lines} lines exactly right");
    for miss in &wrong {
        println!("{miss}");
    }
    assert!(lines >= 200);
    assert!(
        precision >= 0.9 && recall >= 0.9,
        "precision {precision:.3} recall {recall:.3}"
    );
}
