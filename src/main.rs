//! The `helm-preflight` command line.

fn main() {
    std::process::exit(helm_preflight::cli::run());
}
