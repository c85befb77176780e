//! Charts: loading (directories, archives, `.helmignore`), metadata, and values.

pub mod coalesce;
pub mod deps;
pub mod ignore;
pub mod load;
pub mod metadata;
pub mod pathmatch;
pub mod schema;
