//! Query latency on the sample corpus: the issue 6 query mix (one term, two terms, a
//! phrase, two facet filters, all facet counts, grouped by document, date-sorted, a
//! Chinese word, a partner's view), each with every facet count and snippets, as
//! `/api/search` runs it. `cargo bench --bench query`.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "cases.rs"]
mod cases;

fn query(c: &mut Criterion) {
    let index = cases::sample_index();
    let mut group = c.benchmark_group("search");
    for (name, request) in cases::queries() {
        group.bench_function(name, |b| b.iter(|| index.search(&request).expect("search")));
    }
    group.finish();
}

criterion_group!(benches, query);
criterion_main!(benches);
