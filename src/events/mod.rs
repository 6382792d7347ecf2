//! Events: what happened where, when, and who says so. (In progress.)
