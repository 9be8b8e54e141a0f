//! End-to-end tests: one test binary, one module per area. Each test gets its own
//! temporary folder (a copy of a fixture corpus and a fresh index).

mod analytics;
mod api;
mod api_fuzz;
mod bad_input;
mod benches;
mod browser;
mod cli;
mod contribute;
mod crash;
mod documents;
mod fuzz;
mod ingest;
mod learn;
mod load;
mod multilingual;
mod overlap;
mod pages;
mod redaction;
mod relevance;
mod search;
mod spreadsheets;
mod support;
mod sync;
mod visibility;

/// Counts allocated bytes (current and peak) so the parsers' memory can be bounded.
#[global_allocator]
static ALLOCATOR: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;
