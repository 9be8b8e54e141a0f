//! Parsing and tagging: a long report, the largest sample survey export (1,400 rows),
//! workshop notes, each tagged by the rules and the learned model (as ingest does) and
//! by the rules alone, and tagging one passage. `cargo bench --bench parse`.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "cases.rs"]
mod cases;

fn parse(c: &mut Criterion) {
    let parsing = cases::Parsing::load();
    let mut group = c.benchmark_group("parse");
    for (name, file) in [
        ("report", cases::REPORT),
        ("survey", cases::SURVEY),
        ("notes", cases::NOTES),
    ] {
        let file = cases::SampleFile::read(file);
        group.bench_function(name, |b| b.iter(|| parsing.parse(&file, true)));
        group.bench_function(format!("{name}, rules only"), |b| {
            b.iter(|| parsing.parse(&file, false))
        });
    }
    group.bench_function("tag a passage", |b| b.iter(|| parsing.tag(cases::TAG_TEXT)));
    group.bench_function("tag a passage with the model", |b| {
        b.iter(|| parsing.tag_learned(cases::TAG_TEXT))
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
