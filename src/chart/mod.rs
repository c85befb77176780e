//! Charts: loading (directories, archives, `.helmignore`), metadata, dependencies,
//! values (`--set` parsing, coalescing).

pub mod coalesce;
pub mod deps;
pub mod ignore;
pub mod load;
pub mod load_error;
pub mod metadata;
pub mod pathmatch;
pub mod schema;
pub mod strvals;
pub mod validate;
