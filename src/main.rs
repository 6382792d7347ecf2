//! `dateline`: the command line.
//!
//! ```text
//! dateline [FILES...] [--screenshot FILE]   the app (with --screenshot: save the first
//!                                           complete frame as PNG and quit)
//! dateline extract FILE...            one JSON array, one object per file
//! dateline extract --jsonl FILE|-     the evaluation contract (see ../shared/eval/run-eval)
//! dateline render FILE... -o OUT.png   a map image (PNG or SVG) of the articles' places
//! dateline export FILE... -o OUT.geojson|.csv|.kml   the places and events as data
//! ```
//!
//! Wherever articles are read, a `.dateline` project file may be given too.
//!
//! Bad files get a one-line message on stderr naming the file and the problem; the other
//! files are still processed and the exit status is 1.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "dateline",
    version,
    about = "Turn geopolitical news articles into annotated maps"
)]
struct Args {
    #[command(subcommand)]
    cmd: Option<Cmd>,
    /// Articles to open, or a `.dateline` project (with articles to add to it).
    files: Vec<PathBuf>,
    /// Save the app's first complete frame (files loaded, pins drawn) to this PNG and quit.
    #[arg(long, value_name = "FILE")]
    screenshot: Option<PathBuf>,
    /// With --screenshot: open this window first (export, search, about, unsaved: the
    /// unsaved-changes prompt, drawings, event-editor: the first event of the first place
    /// that has one, or categories), to picture it.
    #[arg(long, value_name = "WINDOW", requires = "screenshot", value_parser = ["export", "search", "about", "unsaved", "drawings", "event-editor", "categories"])]
    show: Option<String>,
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
        /// The articles' date (YYYY-MM-DD, YYYY-MM or YYYY), used to resolve "yesterday",
        /// weekdays and years; it wins over the files' own metadata and datelines.
        #[arg(long, value_parser = parse_date)]
        date: Option<dateline::document::PartialDate>,
        /// Save the articles (added to the project file given first, if any) as a
        /// `.dateline` project.
        #[arg(long, value_name = "FILE", conflicts_with = "jsonl")]
        save_project: Option<PathBuf>,
        /// Article files (.txt, .md, .html) and `.dateline` projects, or with --jsonl one
        /// JSONL file or `-`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the places and events of articles or of a project as GeoJSON, CSV or KML.
    Export {
        /// Article files and/or one `.dateline` project.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The file to write: .geojson (or .json), .csv (events, ACLED-style columns) or
        /// .kml.
        #[arg(short, long)]
        output: PathBuf,
        /// With a .csv output: the places table instead of the events table.
        #[arg(long)]
        places: bool,
        /// The articles' date (YYYY-MM-DD, YYYY-MM or YYYY).
        #[arg(long, value_parser = parse_date)]
        date: Option<dateline::document::PartialDate>,
    },
    /// Draw a map of the articles' places to a PNG or SVG file.
    Render(cli::render::RenderArgs),
}

/// `--date`: an ISO date, or a message saying what is expected.
fn parse_date(s: &str) -> Result<dateline::document::PartialDate, String> {
    dateline::document::PartialDate::parse(s)
        .ok_or_else(|| format!("{s:?} is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.cmd {
        Some(Cmd::Extract {
            jsonl: true,
            files,
            date,
            ..
        }) => cli::extract_jsonl(&files, date),
        Some(Cmd::Extract {
            files,
            pretty,
            date,
            save_project,
            ..
        }) => cli::extract_files(&files, pretty, date, save_project.as_deref()),
        Some(Cmd::Export {
            files,
            output,
            places,
            date,
        }) => cli::project::export(&files, &output, places, date),
        Some(Cmd::Render(a)) => cli::render::run(&a),
        None => match dateline::ui::run(args.files, args.screenshot, args.show) {
            Ok(()) => Ok(true),
            Err(e) => Err(e.into()),
        },
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
