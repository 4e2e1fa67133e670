//! The binary form shared by model files: little-endian numbers,
//! length-prefixed strings and a magic-and-version header.

use super::ModelError;

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    /// Magic bytes and a format version, first in every model file.
    pub fn header(&mut self, magic: &str, version: u32) {
        self.buf.extend_from_slice(magic.as_bytes());
        self.u32(version);
    }

    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i16(&mut self, v: i16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// A length (u32) and the UTF-8 bytes.
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
    }
    /// A count (u32) and each string.
    pub fn strs<S: AsRef<str>>(&mut self, list: &[S]) {
        self.u32(list.len() as u32);
        for s in list {
            self.str(s.as_ref());
        }
    }
}

/// Reads values back, failing (never panicking) on short or odd input.
#[derive(Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    /// Checks the magic bytes and version written by [`Writer::header`].
    pub fn header(&mut self, magic: &str, version: u32) -> Result<(), ModelError> {
        self.header_upto(magic, version, version).map(|_| ())
    }

    /// The magic string, then a version from `oldest` to `newest`, which
    /// it returns.
    pub fn header_upto(
        &mut self,
        magic: &str,
        oldest: u32,
        newest: u32,
    ) -> Result<u32, ModelError> {
        let m = self.take(magic.len()).map_err(|_| ModelError::BadMagic {
            expected: magic.to_string(),
        })?;
        if m != magic.as_bytes() {
            return Err(ModelError::BadMagic {
                expected: magic.to_string(),
            });
        }
        let found = self.u32()?;
        if !(oldest..=newest).contains(&found) {
            return Err(ModelError::Version {
                found,
                supported: newest,
            });
        }
        Ok(found)
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        let Some(end) = end else {
            return Err(ModelError::Truncated {
                offset: self.pos,
                needed: n - (self.data.len() - self.pos),
            });
        };
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("length checked"))
    }

    pub fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    pub fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    pub fn i16(&mut self) -> Result<i16, ModelError> {
        Ok(i16::from_le_bytes(self.array()?))
    }
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    pub fn str(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec())
            .map_err(|_| ModelError::Corrupt("a string is not UTF-8".into()))
    }
    pub fn strs(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.u32()? as usize;
        // Each string takes at least its 4-byte length.
        if n > self.remaining() / 4 {
            return Err(ModelError::Corrupt(format!("a list claims {n} strings")));
        }
        (0..n).map(|_| self.str()).collect()
    }
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }
    /// Fails unless every byte was read.
    pub fn end(&self) -> Result<(), ModelError> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(ModelError::Corrupt(format!(
                "{} bytes left after the model",
                self.remaining()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut w = Writer::new();
        w.header("NGT", 3);
        w.u16(7);
        w.strs(&["a", "bé"]);
        w.f32(1.5);
        let mut r = Reader::new(&w.buf);
        r.header("NGT", 3).unwrap();
        assert_eq!(r.u16().unwrap(), 7);
        assert_eq!(r.strs().unwrap(), vec!["a".to_string(), "bé".to_string()]);
        assert_eq!(r.f32().unwrap(), 1.5);
        r.end().unwrap();

        let mut short = Reader::new(&w.buf[..w.buf.len() - 2]);
        short.header("NGT", 3).unwrap();
        short.u16().unwrap();
        short.strs().unwrap();
        assert_eq!(
            short.f32(),
            Err(ModelError::Truncated {
                offset: w.buf.len() - 4,
                needed: 2
            })
        );
        assert_eq!(
            Reader::new(&w.buf).header("NGX", 3),
            Err(ModelError::BadMagic {
                expected: "NGX".into()
            })
        );
        assert_eq!(
            Reader::new(&w.buf).header("NGT", 4),
            Err(ModelError::Version {
                found: 3,
                supported: 4
            })
        );
    }
}
