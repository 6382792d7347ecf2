//! `dateline`: the command line.
//!
//! ```text
//! dateline [FILES...]                 the app (for now: extract on the files, or on the sample)
//! dateline extract FILE...            one JSON array, one object per file
//! dateline extract --jsonl FILE|-     the evaluation contract (see ../shared/eval/run-eval)
//! dateline render FILE... -o OUT.png   a map image (PNG or SVG) of the articles' places
//! ```
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
    /// Draw a map of the articles' places to a PNG or SVG file.
    Render {
        /// Article files (.txt, .md, .html).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The image to write: .png or .svg.
        #[arg(short, long)]
        output: PathBuf,
        /// Width in logical pixels.
        #[arg(long, default_value_t = 1600)]
        width: u32,
        /// Height in logical pixels.
        #[arg(long, default_value_t = 1000)]
        height: u32,
        /// Physical pixels per logical pixel (2 for high-DPI or print).
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        /// The map's title (default: the first article's headline).
        #[arg(long)]
        title: Option<String>,
        /// The map's subtitle (default: outlet and date).
        #[arg(long)]
        subtitle: Option<String>,
        /// Language of names and legend: fr or en (default: the first article's).
        #[arg(long, value_parser = ["fr", "en"])]
        lang: Option<String>,
        /// Frame W,S,E,N in degrees instead of fitting the places.
        #[arg(long, allow_hyphen_values = true, conflicts_with = "fit")]
        bbox: Option<String>,
        /// Frame the places that matter (the default).
        #[arg(long)]
        fit: bool,
        /// Dark colours.
        #[arg(long)]
        dark: bool,
        /// Leave out the legend.
        #[arg(long)]
        no_legend: bool,
        /// Leave out the event key.
        #[arg(long)]
        no_key: bool,
        /// Print timings on stderr.
        #[arg(short, long)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.cmd {
        Some(Cmd::Extract {
            jsonl: true, files, ..
        }) => cli::extract_jsonl(&files),
        Some(Cmd::Extract { files, pretty, .. }) => cli::extract_files(&files, pretty),
        Some(Cmd::Render {
            files,
            output,
            width,
            height,
            scale,
            title,
            subtitle,
            lang,
            bbox,
            fit: _,
            dark,
            no_legend,
            no_key,
            verbose,
        }) => cli::render::run(&cli::render::RenderArgs {
            files,
            output,
            width,
            height,
            scale,
            title,
            subtitle,
            lang,
            bbox,
            dark,
            no_legend,
            no_key,
            verbose,
        }),
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
