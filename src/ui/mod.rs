//! The eframe desktop app. (In progress.)
