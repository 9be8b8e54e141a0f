//! Every case the criterion benches time (`benches/cases.rs`), run once, so a change
//! that breaks a bench breaks the suite; the timings come from `cargo bench` only.

#[path = "../../benches/cases.rs"]
mod cases;

#[test]
fn every_bench_case_runs() {
    let parsing = cases::Parsing::load();
    for file in [cases::REPORT, cases::SURVEY, cases::NOTES] {
        assert!(parsing.parse(&cases::SampleFile::read(file)) > 0, "{file}");
    }
    assert!(
        parsing.tag(cases::TAG_TEXT) >= 3,
        "place, theme and community are inferred"
    );
    let index = cases::sample_index();
    for (name, request) in cases::queries() {
        let results = index
            .search(&request)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(results.total > 0, "{name} finds passages");
    }
}
