//! Fuzz target: see `concord_fuzz::xref`.
#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| concord_fuzz::xref(data));

#[cfg(not(fuzzing))]
fn main() {
    concord_fuzz::plain::main("xref", concord_fuzz::xref);
}
