//! A [`Host`] for unit tests of functions that do not call back into the engine.

use crate::template::error::GoError;
use crate::template::func::Host;
use crate::template::value::{Str, Value};

/// A host whose `include`/`tpl` fail; only its random state works.
#[derive(Default)]
pub struct NoHost {
    rng: u64,
}

impl Host for NoHost {
    fn include(&mut self, _: &str, _: Value) -> Result<Str, GoError> {
        Err(GoError::new("no templates"))
    }

    fn tpl(&mut self, _: &str, _: Value) -> Result<Str, GoError> {
        Err(GoError::new("no templates"))
    }

    fn rng(&mut self) -> &mut u64 {
        &mut self.rng
    }
}
