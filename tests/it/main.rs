//! End-to-end tests: one test binary, one module per area. Each test gets its own
//! temporary folder (a copy of a fixture corpus and a fresh index).

mod analytics;
mod api;
mod bad_input;
mod browser;
mod crash;
mod cli;
mod fuzz;
mod ingest;
mod overlap;
mod redaction;
mod search;
mod support;
mod visibility;
