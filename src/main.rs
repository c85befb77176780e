//! The `helm-preflight` command line.

/// mimalloc: rendering allocates many small, short-lived objects.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(helm_preflight::cli::run());
}
