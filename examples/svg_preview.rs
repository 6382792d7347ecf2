//! Rasterises an SVG export with resvg and the bundled fonts, to look at what another
//! SVG reader shows: `cargo run --example svg_preview -- map.svg preview.png`.
use dateline::fonts;
use resvg::{tiny_skia, usvg};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: svg_preview IN.svg OUT.png");
    };
    let svg = std::fs::read_to_string(&input)?;
    let mut opt = usvg::Options {
        font_family: fonts::FAMILY.to_string(),
        ..usvg::Options::default()
    };
    for style in fonts::STYLES {
        opt.fontdb_mut()
            .load_font_data(fonts::font_bytes(style).to_vec());
    }
    let tree = usvg::Tree::from_str(&svg, &opt)?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| anyhow::anyhow!("empty SVG"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap.save_png(&output)?;
    Ok(())
}
