//! `dateline render`: articles to a map image, headless.
//!
//! Runs the whole pipeline (read, geoparse, project, scene, render) and writes a PNG or an
//! SVG chosen by the output's extension. A `.dateline` project among the inputs is drawn as
//! saved (its corrections, categories and drawings), with any articles given beside it
//! added. The frame is either given (`--bbox W,S,E,N`) or
//! chosen by the scene's "fit" (the default). The file is written to a temporary name in the
//! same folder and renamed, so an interrupted run never leaves half an image.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use dateline::document;
use dateline::map::basemap::{Basemap, Level};
use dateline::map::scene::{self, Options, Theme};
use dateline::map::view::{View, WorldBox};
use dateline::project::Project;
use dateline::render;

/// What `dateline render` was asked.
#[derive(clap::Args)]
pub struct RenderArgs {
    /// Article files (.txt, .md, .html) and/or one `.dateline` project.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The image to write: .png or .svg.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Width in logical pixels.
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Height in logical pixels.
    #[arg(long, default_value_t = 1000)]
    pub height: u32,
    /// Physical pixels per logical pixel (2 for high-DPI or print).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f32,
    /// The map's title (default: the first article's headline).
    #[arg(long)]
    pub title: Option<String>,
    /// The map's subtitle (default: outlet and date).
    #[arg(long)]
    pub subtitle: Option<String>,
    /// Language of names and legend: fr or en (default: the first article's).
    #[arg(long, value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    /// Frame W,S,E,N in degrees instead of fitting the places.
    #[arg(long, allow_hyphen_values = true, conflicts_with = "fit")]
    pub bbox: Option<String>,
    /// Frame the places that matter (the default).
    #[arg(long)]
    pub fit: bool,
    /// Dark colours.
    #[arg(long)]
    pub dark: bool,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
    /// Leave out the event key.
    #[arg(long)]
    pub no_key: bool,
    /// Print timings on stderr.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Parses `W,S,E,N` in degrees.
fn parse_bbox(s: &str) -> Result<WorldBox> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .with_context(|| format!("--bbox {s:?}: expected four numbers W,S,E,N in degrees"))?;
    let [w, so, e, n] = v[..] else {
        bail!("--bbox {s:?}: expected four numbers W,S,E,N in degrees")
    };
    if !(-90.0..=90.0).contains(&so)
        || !(-90.0..=90.0).contains(&n)
        || so >= n
        || !(-180.0..=180.0).contains(&w)
        || !(-180.0..=180.0).contains(&e)
    {
        bail!(
            "--bbox {s:?}: south must be below north, latitudes within ±90 and longitudes within ±180"
        );
    }
    Ok(WorldBox::from_lonlat(w, so, e, n))
}

/// Runs the command; Ok(false) when some input file failed (the image is still written).
pub fn run(a: &RenderArgs) -> Result<bool> {
    let t0 = Instant::now();
    let ext = a
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let svg = match ext.as_deref() {
        Some("png") => false,
        Some("svg") => true,
        _ => bail!(
            "{}: the output must end in .png or .svg",
            a.output.display()
        ),
    };
    if a.width < 16 || a.height < 16 || a.width > 8192 || a.height > 8192 {
        bail!("--width and --height must be between 16 and 8192 pixels");
    }
    if !(a.scale.is_finite() && a.scale > 0.0 && a.scale <= 8.0) {
        bail!("--scale must be between 0 and 8");
    }
    if (a.width as f32 * a.scale) > 8192.0 || (a.height as f32 * a.scale) > 8192.0 {
        bail!(
            "the image would be larger than 8192 pixels on a side (width × scale, height × scale)"
        );
    }
    let bbox = a.bbox.as_deref().map(parse_bbox).transpose()?;
    let (mut project, base, ok) = super::project::load_inputs(&a.files, None, a.lang.as_deref())?;
    if project.documents.is_empty() && base.is_none() {
        bail!("no article could be read, nothing to draw");
    }
    if let Some(l) = &a.lang {
        project.lang = l.clone();
    }
    let lang = project.lang.clone();
    let headline = project
        .documents
        .first()
        .and_then(|d| d.title.clone().or_else(|| headline_line(&d.text)));
    let subtitle = a
        .subtitle
        .clone()
        .or_else(|| subtitle_of(&project.documents, &lang));
    let title = a
        .title
        .clone()
        .or(headline)
        .or_else(|| generated_title(&project, &lang));
    let t_parse = t0.elapsed();
    let maps = Basemap::maps_dir().context("finding the basemap")?;
    let mut basemap = Basemap::load(&maps).context("loading the basemap")?;
    let mut opts = Options::export(&lang, title);
    opts.subtitle = subtitle;
    opts.legend = !a.no_legend;
    opts.event_key = !a.no_key;
    if a.dark {
        opts.theme = Theme::Dark;
    }
    let (w, h) = (a.width as f32, a.height as f32);
    let mut view = match bbox {
        Some(b) => View::fit(&b, w, h, 0.0, 18.0),
        None => scene::fit(&project, &basemap, w, h, &opts).unwrap_or_else(|| View::world(w, h)),
    };
    view.scale = a.scale;
    if Level::for_zoom(view.zoom) == Level::L10m {
        basemap
            .insert(Basemap::load_level(&maps, Level::L10m).context("loading the 1:10m basemap")?);
    }
    let t_load = t0.elapsed();
    let scene = scene::build(&project, &basemap, &view, &opts);
    let t_scene = t0.elapsed();
    let bytes = if svg {
        render::svg::render_svg(&scene).into_bytes()
    } else {
        render::png::render_png(&scene, a.scale).context("drawing the PNG")?
    };
    let t_render = t0.elapsed();
    write_atomically(&a.output, &bytes)?;
    if a.verbose {
        eprintln!(
            "dateline: {} places, {} mentions; read+geoparse {:.0} ms, basemap {:.0} ms, scene {:.0} ms, render {:.0} ms, total {:.0} ms",
            project.places.len(),
            project.mentions.len(),
            t_parse.as_secs_f64() * 1e3,
            (t_load - t_parse).as_secs_f64() * 1e3,
            (t_scene - t_load).as_secs_f64() * 1e3,
            (t_render - t_scene).as_secs_f64() * 1e3,
            t0.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(ok)
}

/// A plain-text article's first line when it looks like a headline (short, no final stop).
fn headline_line(text: &str) -> Option<String> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (first.chars().count() <= 100 && !first.ends_with('.')).then(|| first.to_string())
}

/// "Irak, États-Unis, Iran : lieux cités" from the most-mentioned countries (or places).
fn generated_title(project: &Project, lang: &str) -> Option<String> {
    let counts = project.mention_counts();
    let mut counted: Vec<(usize, &str, bool)> = project
        .places
        .iter()
        .map(|p| {
            (
                counts.get(&p.id).copied().unwrap_or(0),
                p.name.as_str(),
                p.kind == dateline::project::PlaceKind::Country,
            )
        })
        .filter(|c| c.0 > 0)
        .collect();
    if counted.is_empty() {
        return None;
    }
    let any_country = counted.iter().any(|c| c.2);
    counted.retain(|c| c.2 || !any_country);
    counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let names: Vec<&str> = counted.iter().take(3).map(|c| c.1).collect();
    Some(if lang == "fr" {
        format!("{} : lieux cités", names.join(", "))
    } else {
        format!("{}: places mentioned", names.join(", "))
    })
}

/// "Outlet · 8 janvier 2020" from the first document's metadata.
fn subtitle_of(docs: &[document::Document], lang: &str) -> Option<String> {
    let d = docs.first()?;
    let mut parts = Vec::new();
    if let Some(o) = &d.outlet {
        parts.push(o.clone());
    }
    if let Some(p) = &d.published {
        parts.push(scene::format_date(p, lang));
    }
    if docs.len() > 1 {
        parts.push(if lang == "fr" {
            format!("{} documents", docs.len())
        } else {
            format!("{} articles", docs.len())
        });
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Writes to a temporary file in the same folder, synced, then renamed over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    dateline::project::file::write_atomically(path, |w| w.write_all(bytes))?;
    Ok(())
}
