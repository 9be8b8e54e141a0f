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

/// Every marker, for the blind set.
const ALL_MARKERS: [&str; 11] = [
    "[name]",
    "[email]",
    "[phone]",
    "[postcode]",
    "[address]",
    "[nhs number]",
    "[hospital number]",
    "[ni number]",
    "[vehicle reg]",
    "[handle]",
    "[date of birth]",
];

/// Per-kind recall (markers found where the label has them, in the same line) and the
/// share of the label-free lines ("hard negatives") left exactly as they were.
#[derive(Debug, Default)]
struct BlindScore {
    recall: BTreeMap<&'static str, (usize, usize)>,
    negatives_kept: (usize, usize),
    lines_exact: (usize, usize),
    misses: Vec<String>,
}

fn blind_score(half: usize, redactor: &Redactor) -> BlindScore {
    set_score(
        "tests/data/redaction-blind/labelled.tsv",
        Some(half),
        redactor,
    )
}

/// The score of a labelled TSV, all of it or (`half`) alternate items.
fn set_score(path: &str, half: Option<usize>, redactor: &Redactor) -> BlindScore {
    let path = crate::support::repo_root().join(path);
    let text = std::fs::read_to_string(path).unwrap();
    let mut score = BlindScore::default();
    // the halves: alternate items, so both hold every kind
    for (index, line) in text.lines().skip(1).enumerate() {
        if half.is_some_and(|half| index % 2 != half) {
            continue;
        }
        let mut fields = line.split('\t');
        let (input, expected) = (fields.next().unwrap(), fields.next().unwrap());
        let (output, _) = redactor.redact(input);
        score.lines_exact.1 += 1;
        if output == expected {
            score.lines_exact.0 += 1;
        } else {
            score.misses.push(format!(
                "  {input}\n  got:      {output}\n  expected: {expected}"
            ));
        }
        if input == expected {
            score.negatives_kept.1 += 1;
            if output == input {
                score.negatives_kept.0 += 1;
            }
        }
        for marker in ALL_MARKERS {
            let want = expected.matches(marker).count();
            let got = output.matches(marker).count();
            let entry = score.recall.entry(marker).or_default();
            entry.0 += want.min(got);
            entry.1 += want;
        }
    }
    score
}

fn print_blind(label: &str, score: &BlindScore) {
    println!("{label}:");
    for (marker, (found, of)) in &score.recall {
        println!(
            "  {marker:<18} recall {:.3} ({found} of {of})",
            *found as f64 / (*of).max(1) as f64
        );
    }
    let (kept, of) = score.negatives_kept;
    println!(
        "  negatives kept {:.3} ({kept} of {of})",
        kept as f64 / of.max(1) as f64
    );
    println!(
        "  lines exactly right {} of {}",
        score.lines_exact.0, score.lines_exact.1
    );
}

/// The set written blind, from the definition only, by a helper who saw neither the
/// redactor nor the first set (`tests/data/redaction-blind/README.md`). Half 0 is tuned
/// on; half 1 is measured. The floors are the figures reached, so a change that loses
/// ground fails; BENCHMARKS.md has the first measurements and the targets.
#[test]
fn blind_set_recall_per_kind_and_negatives_kept() {
    let redactor = Redactor::new();
    let tuned = blind_score(0, &redactor);
    let held_out = blind_score(1, &redactor);
    print_blind("tuning half", &tuned);
    print_blind("held-out half", &held_out);
    // side by side: with the international first-name list, where scripts/dictionaries.sh
    // has made it (not needed for the floors below)
    let international = crate::support::repo_root().join("dictionaries/names/first-names.txt");
    if let Ok(with_list) = Redactor::new().with_first_names_file(&international) {
        let tuned_with_list = blind_score(0, &with_list);
        print_blind("tuning half, with the international list", &tuned_with_list);
        for miss in &tuned_with_list.misses {
            println!("{miss}");
        }
        print_blind(
            "held-out half, with the international list",
            &blind_score(1, &with_list),
        );
    }
    for miss in &tuned.misses {
        println!("{miss}");
    }

    let recall = |score: &BlindScore, marker: &str| {
        let (found, of) = score.recall[marker];
        found as f64 / of.max(1) as f64
    };
    // floors: what the second half reached once both halves were tuned on (its first
    // measurement, before, is in BENCHMARKS.md; the second blind set below is the
    // independent measurement now)
    let kept = held_out.negatives_kept.0 as f64 / held_out.negatives_kept.1 as f64;
    assert!(kept >= 0.98, "negatives kept {kept:.3}");
    for (marker, floor) in [
        ("[name]", 0.94),
        ("[email]", 1.0),
        ("[phone]", 1.0),
        ("[postcode]", 1.0),
        ("[address]", 1.0),
        ("[nhs number]", 1.0),
        ("[hospital number]", 1.0),
        ("[ni number]", 1.0),
        ("[vehicle reg]", 1.0),
        ("[handle]", 1.0),
        ("[date of birth]", 0.92),
    ] {
        assert!(
            recall(&held_out, marker) >= floor,
            "{marker}: {:.3}",
            recall(&held_out, marker)
        );
    }
}

/// The second blind set (`tests/data/redaction-blind-2`), written after the first set's
/// two halves had both been tuned on, by another helper from the first set's README
/// only: measured first (0.718 of names, 0.625 of dates of birth), then tuned on (its
/// misses are printed with `INSIGHT_SHOW_MISSES`); the third set is measured since.
#[test]
fn second_blind_set_is_measured() {
    let built_in = set_score(
        "tests/data/redaction-blind-2/labelled.tsv",
        None,
        &Redactor::new(),
    );
    print_blind("second blind set", &built_in);
    let international = crate::support::repo_root().join("dictionaries/names/first-names.txt");
    if let Ok(with_list) = Redactor::new().with_first_names_file(&international) {
        let score = set_score(
            "tests/data/redaction-blind-2/labelled.tsv",
            None,
            &with_list,
        );
        print_blind("second blind set, with the international list", &score);
        if std::env::var_os("INSIGHT_SHOW_MISSES").is_some() {
            println!("{}", score.misses.join("\n"));
        }
    }
    // floors: what tuning on it reached (built-in list), so that a change that loses
    // ground fails
    let (kept, of) = built_in.negatives_kept;
    assert!(
        kept as f64 / of as f64 >= 0.92,
        "negatives kept {kept} of {of}"
    );
    for (marker, floor) in [
        ("[name]", 0.76),
        ("[date of birth]", 1.0),
        ("[address]", 1.0),
        ("[hospital number]", 1.0),
        ("[ni number]", 1.0),
        ("[nhs number]", 1.0),
        ("[phone]", 1.0),
        ("[postcode]", 1.0),
        ("[vehicle reg]", 1.0),
        ("[email]", 1.0),
        ("[handle]", 1.0),
    ] {
        let (found, of) = built_in.recall[marker];
        assert!(
            found as f64 / of.max(1) as f64 >= floor,
            "{marker}: {found} of {of}"
        );
    }
}

/// The third set, written blind like the second (`tests/data/redaction-blind-3/README.md`)
/// after the rules were tuned on the second: measured once, then tuned on (its misses
/// with `INSIGHT_SHOW_MISSES`); the fourth set is measured since.
#[test]
fn third_blind_set_is_measured() {
    let path = "tests/data/redaction-blind-3/labelled.tsv";
    let built_in = set_score(path, None, &Redactor::new());
    print_blind("third blind set", &built_in);
    if std::env::var_os("INSIGHT_SHOW_MISSES").is_some() {
        println!("{}", built_in.misses.join("\n"));
    }
    let international = crate::support::repo_root().join("dictionaries/names/first-names.txt");
    if let Ok(with_list) = Redactor::new().with_first_names_file(&international) {
        let score = set_score(path, None, &with_list);
        print_blind("third blind set, with the international list", &score);
        if std::env::var_os("INSIGHT_SHOW_MISSES").is_some() {
            println!("{}", score.misses.join("\n"));
        }
    }
    // floors: what tuning on it reached (built-in list; its first measurement is in
    // BENCHMARKS.md), so that a change that loses ground fails
    let (kept, of) = built_in.negatives_kept;
    assert!(
        kept as f64 / of as f64 >= 0.9,
        "negatives kept {kept} of {of}"
    );
    for (marker, floor) in [
        ("[name]", 0.82),
        ("[date of birth]", 0.85),
        ("[address]", 1.0),
        ("[hospital number]", 1.0),
        ("[ni number]", 1.0),
        ("[nhs number]", 1.0),
        ("[phone]", 1.0),
        ("[postcode]", 1.0),
        ("[vehicle reg]", 1.0),
        ("[email]", 1.0),
        ("[handle]", 1.0),
    ] {
        let (found, of) = built_in.recall[marker];
        assert!(
            found as f64 / of.max(1) as f64 >= floor,
            "{marker}: {found} of {of}"
        );
    }
}

/// The fourth set (`tests/data/redaction-blind-4/README.md`), written blind from the first
/// set's README only while the rules were tuned on the third: measured once, never tuned
/// on. Its floors are that first measurement (BENCHMARKS.md has it beside the targets).
#[test]
fn fourth_blind_set_is_measured() {
    let path = "tests/data/redaction-blind-4/labelled.tsv";
    let built_in = set_score(path, None, &Redactor::new());
    print_blind("fourth blind set", &built_in);
    let international = crate::support::repo_root().join("dictionaries/names/first-names.txt");
    if let Ok(with_list) = Redactor::new().with_first_names_file(&international) {
        print_blind(
            "fourth blind set, with the international list",
            &set_score(path, None, &with_list),
        );
    }
    let (kept, of) = built_in.negatives_kept;
    assert!(
        kept as f64 / of as f64 >= FOURTH_KEPT,
        "negatives kept {kept} of {of}"
    );
    for (marker, floor) in FOURTH_FLOORS {
        let (found, of) = built_in.recall[marker];
        assert!(
            found as f64 / of.max(1) as f64 >= floor,
            "{marker}: {found} of {of}"
        );
    }
}

const FOURTH_KEPT: f64 = 0.89;
const FOURTH_FLOORS: [(&str, f64); 11] = [
    ("[name]", 0.65),
    ("[date of birth]", 0.77),
    ("[address]", 0.94),
    ("[hospital number]", 0.95),
    ("[ni number]", 1.0),
    ("[nhs number]", 1.0),
    ("[phone]", 1.0),
    ("[postcode]", 1.0),
    ("[vehicle reg]", 1.0),
    ("[email]", 0.9),
    ("[handle]", 1.0),
];

/// Every text field of what is not published is redacted (headings and titles of notes
/// and non-public reports); `redaction: off` is honoured for a public source only, and
/// the summary says so either way.
#[test]
fn headings_titles_and_non_public_reports_are_redacted_and_off_is_for_public_only() {
    use crate::support::Workspace;
    let workspace = Workspace::with_fixture("small");
    workspace.write(
        "reports/restricted-visit.md",
        "---\ntitle: Visit to Mrs Okafor's family\nplaces: [Riverton]\nvisibility: restricted\n---\n\n## Notes from Jo Bell (jo.bell@example.org)\n\nMy neighbour Brenda drove me to the ward; ring me on 07700 900123.\n",
    );
    workspace.write(
        "notes/public-off.md",
        "---\ntitle: Public minutes\nkind: workshop notes\nplaces: [Riverton]\nvisibility: public\nredaction: off\n---\n\n## Minutes\n\n- Councillor statement read by Dr Amara Stone\n",
    );
    workspace.write(
        "notes/restricted-off.md",
        "---\ntitle: Private notes\nkind: workshop notes\nplaces: [Riverton]\nvisibility: restricted\nredaction: off\n---\n\n## Group\n\n- my son Jamie waited four hours\n",
    );
    let index = workspace.open_index();
    let summary = workspace.ingest(&index);
    let passages = crate::support::every_passage(&index);
    let of = |file: &str| {
        passages
            .iter()
            .filter(|h| h.file == file)
            .collect::<Vec<_>>()
    };
    let report = of("reports/restricted-visit.md");
    assert_eq!(report.len(), 1);
    assert_eq!(report[0].heading, "Notes from [name] ([email])");
    assert_eq!(
        report[0].text,
        "My neighbour [name] drove me to the ward; ring me on [phone]."
    );
    assert_eq!(report[0].title, "Visit to Mrs [name]'s family");
    let public = of("notes/public-off.md");
    assert!(
        public[0].text.contains("Dr Amara Stone"),
        "{:?}",
        public[0].text
    );
    let private = of("notes/restricted-off.md");
    assert!(
        private[0].text.contains("my son [name]"),
        "{:?}",
        private[0].text
    );
    let said = |file: &str, words: &str| {
        crate::support::report(&summary, file)
            .diagnostics
            .iter()
            .any(|d| d.message.contains(words))
    };
    assert!(said("notes/public-off.md", "redaction is off"));
    assert!(said(
        "notes/restricted-off.md",
        "only allowed for a public source"
    ));
}

/// A public source may list the public figures it names: their names stay (in full or
/// by surname), everyone else's go; a source that is not public cannot, and is told so.
#[test]
fn a_public_source_keeps_the_public_figures_it_lists() {
    use crate::support::Workspace;
    let workspace = Workspace::with_fixture("small");
    workspace.write(
        "notes/public-board.md",
        "---\ntitle: Board meeting in public\nkind: workshop notes\nplaces: [Riverton]\nvisibility: public\npublic_figures: [Amara Stone, Cllr Ravi Patel]\n---\n\n## Questions from the public\n\n- Amara Stone, the chief executive, said the new ward opens in May\n- Ms Stone agreed to write to Joanne Pryce about her mother's discharge\n- Councillor Ravi Patel asked my neighbour Brenda to email him\n",
    );
    workspace.write(
        "notes/restricted-board.md",
        "---\ntitle: Board seminar\nkind: workshop notes\nplaces: [Riverton]\nvisibility: restricted\npublic_figures: [Amara Stone]\n---\n\n## Seminar\n\n- Amara Stone said the ward opens in May\n",
    );
    let index = workspace.open_index();
    let summary = workspace.ingest(&index);
    let passages = crate::support::every_passage(&index);
    let texts = |file: &str| {
        passages
            .iter()
            .filter(|h| h.file == file)
            .map(|h| h.text.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let public = texts("notes/public-board.md");
    assert!(
        public.contains("Amara Stone, the chief executive"),
        "{public}"
    );
    assert!(
        public.contains("Ms Stone agreed to write to [name]"),
        "{public}"
    );
    assert!(
        public.contains("Ravi Patel asked my neighbour [name]"),
        "{public}"
    );
    assert!(
        !public.contains("Joanne") && !public.contains("Brenda"),
        "{public}"
    );
    // a relation makes a private person, even after an office
    assert!(public.contains("asked my neighbour [name]"), "{public}");
    let restricted = texts("notes/restricted-board.md");
    assert!(restricted.contains("[name] said the ward"), "{restricted}");
    assert!(
        crate::support::report(&summary, "notes/restricted-board.md")
            .diagnostics
            .iter()
            .any(|d| d
                .message
                .contains("`public_figures` is only honoured for a public source"))
    );
}
