//! `dateline`: the command line.
//!
//! ```text
//! dateline [FILES...]                 the app (for now: extract on the files, or on the sample)
//! dateline extract FILE...            one JSON array, one object per file
//! dateline extract --jsonl FILE|-     the evaluation contract (see ../shared/eval/run-eval)
//! ```
//!
//! Bad files get a one-line message on stderr naming the file and the problem; the other
//! files are still processed and the exit status is 1.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "dateline", version, about = "Turn geopolitical news articles into annotated maps")]
struct Args {
    #[command(subcommand)]
    cmd: Option<Cmd>,
    /// Articles to open.
    files: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Find and place the toponyms of articles; print JSON.
    Extract {
        /// Read JSON lines ({"doc_id", "text", "lang"?}) from FILE or `-` and write one
        /// line per document ({"doc_id", "toponyms": [...]}).
        #[arg(long)]
        jsonl: bool,
        /// Pretty-print the JSON.
        #[arg(long)]
        pretty: bool,
        /// Article files (.txt, .md, .html), or with --jsonl one JSONL file or `-`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.cmd {
        Some(Cmd::Extract { jsonl: true, files, .. }) => cli::extract_jsonl(&files),
        Some(Cmd::Extract { files, pretty, .. }) => cli::extract_files(&files, pretty),
        None => {
            let files = if args.files.is_empty() {
                vec![cli::sample_article()]
            } else {
                args.files
            };
            cli::extract_files(&files, true)
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("dateline: {e:#}");
            ExitCode::from(2)
        }
    }
}
