//! `insight model train` and `insight model evaluate`: the learned tagger's commands.

use crate::cli::{LabelsArgs, ModelEvaluateArgs, ModelTrainArgs};
use crate::write_stdout;
use anyhow::Context;
use insight_model::learn::{
    evaluate as cross_validate, LabelledSet, Scores, ThemeModel, TrainOptions,
};
use insight_model::{Tagger, Taxonomy};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Reads the taxonomy and the labelled examples, reporting what was skipped.
fn read(args: &LabelsArgs) -> anyhow::Result<(Taxonomy, LabelledSet)> {
    let taxonomy = Taxonomy::load(&args.taxonomy)?;
    let mapping_path = args.mapping.clone().unwrap_or_else(|| {
        let name = args
            .labels
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("labels.csv");
        let stem = name.strip_suffix(".csv").unwrap_or(name);
        args.labels.with_file_name(format!("{stem}.labels.toml"))
    });
    let csv = std::fs::read(&args.labels)
        .with_context(|| format!("reading labelled examples {}", args.labels.display()))?;
    let mapping = std::fs::read_to_string(&mapping_path).with_context(|| {
        format!(
            "reading the labels mapping {} (give another with --mapping)",
            mapping_path.display()
        )
    })?;
    let (set, counts) = insight_ingest::read_labelled(
        &args.labels.display().to_string(),
        &csv,
        &mapping_path.display().to_string(),
        &mapping,
        &taxonomy,
    )?;
    eprintln!(
        "read {} examples from {} rows ({} non-answers left out, {} without a sentiment)",
        set.examples.len(),
        counts.rows,
        counts.non_answers,
        counts.without_sentiment
    );
    Ok((taxonomy, set))
}

fn options(args: &LabelsArgs) -> TrainOptions {
    let mut options = TrainOptions {
        min_examples: args.min_examples,
        ..TrainOptions::default()
    };
    options.solver.cost = args.cost;
    options.features.letters_up_to = args.letters_up_to;
    options
}

pub fn train(args: ModelTrainArgs) -> anyhow::Result<ExitCode> {
    let (_, set) = read(&args.labels)?;
    anyhow::ensure!(
        !set.examples.is_empty(),
        "{} has no examples with text; check the `text` column of its mapping",
        args.labels.labels.display()
    );
    let started = std::time::Instant::now();
    let (model, report) = ThemeModel::train(&set, &options(&args.labels));
    let out = args.out.clone().unwrap_or_else(|| {
        args.labels
            .taxonomy
            .parent()
            .map(|folder| folder.join(insight_ingest::MODEL_FILE))
            .unwrap_or_else(|| PathBuf::from(insight_ingest::MODEL_FILE))
    });
    std::fs::write(&out, model.to_bytes())
        .with_context(|| format!("writing the model to {}", out.display()))?;
    write_stdout(|stdout| {
        if args.json {
            return writeln!(stdout, "{}", serde_json::to_string_pretty(&report)?);
        }
        writeln!(
            stdout,
            "trained on {} examples in {:.1} s: {} themes learned, {} features, threshold {:.3}{}",
            report.examples,
            started.elapsed().as_secs_f64(),
            report.themes_learned.len(),
            report.features,
            report.threshold,
            if model.header().sentiment {
                format!(", sentiment from {} examples", report.sentiment_examples)
            } else {
                String::new()
            }
        )?;
        for (theme, examples) in &report.themes_too_few {
            writeln!(
                stdout,
                "left to the rules: {theme} ({examples} examples, fewer than {})",
                args.labels.min_examples
            )?;
        }
        writeln!(stdout, "wrote {}", out.display())
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn evaluate(args: ModelEvaluateArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(args.folds >= 2, "--folds must be at least 2");
    let (taxonomy, set) = read(&args.labels)?;
    anyhow::ensure!(
        set.examples.len() >= args.folds * 2,
        "{} examples are too few for {} folds",
        set.examples.len(),
        args.folds
    );
    if let Some(path) = &args.export_folds {
        export_folds(&set, args.folds, path)?;
    }
    let rules = Tagger::new(&taxonomy);
    let evaluation = cross_validate(
        &set,
        args.folds,
        &options(&args.labels),
        &rules,
        args.min_scored,
    );
    write_stdout(|out| {
        if args.json {
            return writeln!(out, "{}", serde_json::to_string_pretty(&evaluation)?);
        }
        writeln!(
            out,
            "{}-fold cross-validation on {} examples; themes with {}+ examples scored",
            evaluation.folds, evaluation.examples, evaluation.min_examples
        )?;
        writeln!(out, "tagger\tmicro P\tmicro R\tmicro F1\tmacro F1\tLRAP")?;
        for (name, scores) in [
            ("rules", &evaluation.rules),
            ("learned", &evaluation.learned),
            ("both", &evaluation.combined),
        ] {
            write_scores(out, name, scores)?;
        }
        if let Some(accuracy) = evaluation.sentiment_accuracy {
            writeln!(
                out,
                "sentiment accuracy {accuracy:.3} on {} examples",
                evaluation.sentiment_examples
            )?;
        }
        writeln!(out, "\ntheme\texamples\tP rules\tR rules\tF1 rules\tP learned\tR learned\tF1 learned\tF1 both")?;
        for (index, learned) in evaluation.learned.per_theme.iter().enumerate() {
            let rules = &evaluation.rules.per_theme[index];
            let both = &evaluation.combined.per_theme[index];
            writeln!(
                out,
                "{}\t{}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{:.2}",
                learned.theme.rsplit('/').next().unwrap_or(&learned.theme),
                learned.examples,
                rules.precision,
                rules.recall,
                rules.f1,
                learned.precision,
                learned.recall,
                learned.f1,
                both.f1
            )?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Every example with its fold, as JSON lines.
fn export_folds(set: &LabelledSet, folds: usize, path: &std::path::Path) -> anyhow::Result<()> {
    let assignment = insight_model::learn::fold_of_each(set.examples.len(), folds);
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    for (example, fold) in set.examples.iter().zip(assignment) {
        let line = serde_json::json!({
            "fold": fold,
            "heading": example.heading,
            "text": example.text,
            "themes": example.themes.iter().map(|t| &set.themes[*t]).collect::<Vec<_>>(),
            "sentiment": example.sentiment.map(|s| s.as_str()),
        });
        writeln!(out, "{line}").with_context(|| format!("writing {}", path.display()))?;
    }
    out.flush()
        .with_context(|| format!("writing {}", path.display()))
}

fn write_scores(out: &mut impl Write, name: &str, scores: &Scores) -> std::io::Result<()> {
    writeln!(
        out,
        "{name}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}",
        scores.micro_precision, scores.micro_recall, scores.micro_f1, scores.macro_f1, scores.lrap
    )
}
