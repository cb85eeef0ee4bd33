//! Questions answered before (`corpus/questions.toml`): queries as people type them, each
//! with the articles judged, by reading the texts, to answer it. A query like some of them
//! has their answers among its results: the words people use for a situation ("all my files
//! locked, pay in bitcoin") are seldom the treaties', but they are often those of a question
//! asked before.
//!
//! A query is compared with every question by the stems they share, each weighed by how rare
//! it is among the questions (cosine of tf-idf vectors); the closest questions vote for their
//! answers, a primary answer twice a related one, each vote by the square of its question's
//! likeness. Filter and citation questions do not vote: a filter question's answers are the
//! best of the treaty it names, not of all; a citation's answer is what it cites, whatever its
//! words.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::analysis::{is_searched_alone, stems};
use super::data_file::{self, DataFileError};
use crate::corpus::{Corpus, LineIndex, ProvisionId};

/// The grade of a primary answer, and of a related one.
const PRIMARY: f32 = 1.0;
const RELATED: f32 = 0.5;

/// How many of the closest questions vote.
pub const NEIGHBOURS: usize = 20;

/// How like a query a question must be to be named as one an article was judged to answer:
/// about half its weighed words in common.
const ASKED_LIKE: f32 = 0.4;

/// One question and its judged answers, as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub q: String,
    pub kind: String,
    pub primary: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    question: Vec<toml::Spanned<Question>>,
}

/// The kinds of query a question may be.
pub const KINDS: &[&str] = &[
    "term",
    "lay",
    "question",
    "abbreviation",
    "citation",
    "misspelling",
    "filter",
];

/// The questions, ready to be compared with a query.
#[derive(Debug, Default)]
pub struct Questions {
    questions: Vec<Question>,
    /// The line each question starts on.
    lines: Vec<usize>,
    /// Per question, its stems with their weights (tf × idf), and the vector's length.
    vectors: Vec<(Vec<(u32, f32)>, f32)>,
    /// Per stem number, its idf and the questions that have it.
    postings: Vec<(f32, Vec<u32>)>,
    stem_numbers: HashMap<String, u32>,
    /// Every id judged, once: what answer numbers stand for.
    answer_ids: Vec<String>,
    /// Per question, its answers by number, with their grade (1 primary, ½ related).
    answers: Vec<Vec<(u32, f32)>>,
    /// Per question, whether it votes: not a filter question (its answers are the best of
    /// the treaty it names, not of all, and a filter keeps part of the unfiltered ranking),
    /// nor a citation (its answer is what it cites, whatever its words).
    votes: Vec<bool>,
}

impl Questions {
    /// Reads the questions; a missing file is none.
    pub fn load(path: &Path) -> Result<Self, DataFileError> {
        data_file::load(path, Self::parse)
    }

    /// Parses the file's text; an error gives its line.
    pub fn parse(text: &str) -> Result<Self, (usize, String)> {
        let lines = LineIndex::new(text);
        let file: File = toml::from_str(text).map_err(|e| data_file::toml_error(&lines, &e))?;
        let mut questions = Vec::new();
        for spanned in file.question {
            let line = lines.line_of(spanned.span().start);
            let q = spanned.into_inner();
            if q.q.trim().is_empty() {
                return Err((line, "a question needs its words (q)".into()));
            }
            if !KINDS.contains(&q.kind.as_str()) {
                return Err((
                    line,
                    format!("kind {:?} is none of {}", q.kind, KINDS.join(", ")),
                ));
            }
            if q.primary.is_empty() {
                return Err((line, format!("{:?} has no primary answer", q.q)));
            }
            questions.push((q, line));
        }
        Ok(Self::new(questions))
    }

    /// The questions given, each with the line it starts on.
    pub fn new(questions: Vec<(Question, usize)>) -> Self {
        let (questions, lines): (Vec<Question>, Vec<usize>) = questions.into_iter().unzip();
        let mut stem_numbers: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<Vec<(u32, f32)>> = Vec::with_capacity(questions.len());
        let mut postings: Vec<(f32, Vec<u32>)> = Vec::new();
        for (i, q) in questions.iter().enumerate() {
            let mut tf: Vec<(u32, f32)> = Vec::new();
            for stem in stems(&q.q).into_iter().filter(|s| is_searched_alone(s)) {
                let next = stem_numbers.len() as u32;
                let n = *stem_numbers.entry(stem).or_insert(next);
                if n as usize == postings.len() {
                    postings.push((0.0, Vec::new()));
                }
                match tf.iter_mut().find(|(m, _)| *m == n) {
                    Some((_, c)) => *c += 1.0,
                    None => {
                        tf.push((n, 1.0));
                        postings[n as usize].1.push(i as u32);
                    }
                }
            }
            counts.push(tf);
        }
        let total = questions.len() as f32;
        for (idf, having) in &mut postings {
            *idf = ((total + 1.0) / (having.len() as f32 + 0.5)).ln();
        }
        let vectors = counts
            .into_iter()
            .map(|tf| {
                let v: Vec<(u32, f32)> = tf
                    .into_iter()
                    .map(|(n, c)| (n, c * postings[n as usize].0))
                    .collect();
                let length = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                (v, length)
            })
            .collect();
        let mut answer_ids: Vec<String> = Vec::new();
        let mut numbers: HashMap<&str, u32> = HashMap::new();
        let mut answers = Vec::with_capacity(questions.len());
        for q in &questions {
            let graded = q.primary.iter().map(|id| (id, PRIMARY));
            let graded = graded.chain(q.related.iter().map(|id| (id, RELATED)));
            let of_question: Vec<(u32, f32)> = graded
                .map(|(id, grade)| {
                    let n = *numbers.entry(id).or_insert_with(|| {
                        answer_ids.push(id.clone());
                        answer_ids.len() as u32 - 1
                    });
                    (n, grade)
                })
                .collect();
            answers.push(of_question);
        }
        let votes = questions
            .iter()
            .map(|q| !matches!(q.kind.as_str(), "filter" | "citation"))
            .collect();
        Questions {
            votes,
            questions,
            lines,
            vectors,
            postings,
            stem_numbers,
            answer_ids,
            answers,
        }
    }

    /// The ids the answer numbers of [`Questions::votes`] stand for.
    pub fn answer_ids(&self) -> &[String] {
        &self.answer_ids
    }

    pub fn all(&self) -> &[Question] {
        &self.questions
    }

    /// These questions but those whose position `leave_out` says.
    pub fn without(&self, leave_out: impl Fn(usize) -> bool) -> Self {
        let kept = self
            .questions
            .iter()
            .zip(&self.lines)
            .enumerate()
            .filter(|&(i, _)| !leave_out(i))
            .map(|(_, (q, &line))| (q.clone(), line))
            .collect();
        Self::new(kept)
    }

    /// Every answer names an article or preamble of the corpus, once per question.
    pub fn check(&self, corpus: &Corpus, path: &Path) -> Result<(), DataFileError> {
        for (q, &line) in self.questions.iter().zip(&self.lines) {
            let invalid = |message: String| DataFileError::invalid(path, line, message);
            let ids: Vec<&String> = q.primary.iter().chain(&q.related).collect();
            for (i, id) in ids.iter().enumerate() {
                let whole = ProvisionId::parse(id)
                    .ok()
                    .and_then(|p| p.resolve(corpus).ok())
                    .is_some_and(|r| {
                        r.block.is_none()
                            && (r.article.is_some() || r.preamble)
                            && r.canonical() == **id
                    });
                if !whole {
                    return Err(invalid(format!(
                        "{:?}: {id} is no article or preamble of the corpus (write it `treaty:number`)",
                        q.q
                    )));
                }
                if ids[..i].contains(id) {
                    return Err(invalid(format!("{:?}: {id} is judged twice", q.q)));
                }
            }
        }
        Ok(())
    }

    /// The answers judged with an article, by number (see [`Questions::answer_ids`]): those
    /// of the questions it is a primary answer of, each with the share of them it answers (a
    /// primary answer counts 1, a related one ½). What people who read the texts judged to
    /// go with it: its counterparts, the articles it works with. Filter and citation questions
    /// count: whatever their words, their answers go together.
    pub fn judged_with(&self, id: &str) -> Vec<(u32, f32)> {
        let Some(own) = self.answer_ids.iter().position(|a| a == id) else {
            return Vec::new();
        };
        let mut asked = 0.0f32;
        let mut shares: Vec<(u32, f32)> = Vec::new();
        for answers in &self.answers {
            if !answers.contains(&(own as u32, PRIMARY)) {
                continue;
            }
            asked += 1.0;
            for &(answer, grade) in answers.iter().filter(|(a, _)| *a != own as u32) {
                match shares.iter_mut().find(|(a, _)| *a == answer) {
                    Some((_, total)) => *total += grade,
                    None => shares.push((answer, grade)),
                }
            }
        }
        shares.iter_mut().for_each(|(_, s)| *s /= asked);
        shares
    }

    /// The [`NEIGHBOURS`] questions that vote closest to a text, closest first, each with its
    /// likeness (1 for the same words); none when no question that votes shares a word with
    /// it. The likeness is of the words the questions have, or, with `whole`, of the whole
    /// text.
    fn neighbours(&self, text: &str, whole: bool) -> Vec<(u32, f32)> {
        let mut query: Vec<(u32, f32)> = Vec::new();
        let mut unknown = 0.0f32;
        for stem in stems(text).into_iter().filter(|s| is_searched_alone(s)) {
            let Some(&n) = self.stem_numbers.get(&stem) else {
                unknown += 1.0;
                continue;
            };
            match query.iter_mut().find(|(m, _)| *m == n) {
                Some((_, c)) => *c += 1.0,
                None => query.push((n, 1.0)),
            }
        }
        // Where `whole`, a word no question has weighs as the rarest would: "pension fund
        // fraud" is not "pension" alone.
        let unseen = if whole {
            ((self.questions.len() as f32 + 1.0) / 0.5).ln()
        } else {
            0.0
        };
        let known = query
            .iter()
            .map(|&(n, c)| (c * self.postings[n as usize].0).powi(2))
            .sum::<f32>();
        if known == 0.0 {
            return Vec::new();
        }
        let length = (known + unknown * unseen * unseen).sqrt();
        // Each question sharing a stem with the query, with the dot product of their vectors.
        let mut dot = vec![0.0f32; self.questions.len()];
        let mut sharing: Vec<u32> = Vec::new();
        for &(n, c) in &query {
            let (idf, having) = &self.postings[n as usize];
            for &i in having {
                let (vector, _) = &self.vectors[i as usize];
                let w = vector
                    .iter()
                    .find(|(m, _)| *m == n)
                    .map_or(0.0, |(_, w)| *w);
                if dot[i as usize] == 0.0 {
                    sharing.push(i);
                }
                dot[i as usize] += c * idf * w;
            }
        }
        let mut likeness: Vec<(u32, f32)> = sharing
            .into_iter()
            .filter(|&i| self.votes[i as usize])
            .map(|i| (i, dot[i as usize] / (length * self.vectors[i as usize].1)))
            .collect();
        let closest_first =
            |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if likeness.len() > NEIGHBOURS {
            likeness.select_nth_unstable_by(NEIGHBOURS, closest_first);
            likeness.truncate(NEIGHBOURS);
        }
        likeness.sort_by(closest_first);
        likeness
    }

    /// The answers of the questions closest to a text, by number (see
    /// [`Questions::answer_ids`]), each with its vote: the sum over the closest questions of
    /// their likeness squared, by 1 for a primary answer and ½ for a related one; and the
    /// likeness of the closest question (1 for the same words). Empty, and 0, when no question
    /// that votes shares a word with it.
    pub fn votes(&self, text: &str) -> (Vec<(u32, f32)>, f32) {
        let likeness = self.neighbours(text, false);
        let closest = likeness.first().map_or(0.0, |l| l.1);
        let mut votes: Vec<(u32, f32)> = Vec::new();
        for (i, like) in likeness {
            for &(answer, grade) in &self.answers[i as usize] {
                let vote = like * like * grade;
                match votes.iter_mut().find(|(a, _)| *a == answer) {
                    Some((_, total)) => *total += vote,
                    None => votes.push((answer, vote)),
                }
            }
        }
        (votes, closest)
    }

    /// For each id, the question closest to a text, among those that vote and are at least
    /// [`ASKED_LIKE`] like the whole text, that judged it to answer it: why an article the
    /// words did not find is among the results. (The vote leaves out the words no question
    /// has: counting them lost 0.002 nDCG@10 and two primary answers first on the last four
    /// held-out sets, each scored with the questions written before it.)
    pub fn asked_like(&self, text: &str, ids: &[&str]) -> Vec<Option<&str>> {
        let like: Vec<u32> = self
            .neighbours(text, true)
            .into_iter()
            .take_while(|&(_, like)| like >= ASKED_LIKE)
            .map(|(i, _)| i)
            .collect();
        ids.iter()
            .map(|id| {
                let own = self.answer_ids.iter().position(|a| a == id)? as u32;
                let judged = |&i: &u32| self.answers[i as usize].iter().any(|&(a, _)| a == own);
                like.iter()
                    .find(|i| judged(i))
                    .map(|&i| self.questions[i as usize].q.as_str())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"
[[question]]
q = "ransomware locked my files"
kind = "lay"
primary = ["uncc:10", "budapest:5"]
related = ["uncc:9"]

[[question]]
q = "who can extradite a hacker"
kind = "question"
primary = ["uncc:37"]
"#;

    fn vote_of(questions: &Questions, votes: &[(u32, f32)], id: &str) -> f32 {
        votes
            .iter()
            .find(|(n, _)| questions.answer_ids()[*n as usize] == id)
            .map_or(0.0, |(_, v)| *v)
    }

    #[test]
    fn the_same_words_take_the_answers_of_their_question() {
        let questions = Questions::parse(TWO).unwrap();
        let (votes, closest) = questions.votes("Ransomware locked my files!");
        assert!((closest - 1.0).abs() < 1e-5, "{closest}");
        assert!((vote_of(&questions, &votes, "uncc:10") - 1.0).abs() < 1e-5);
        // A related answer counts half a primary one.
        assert!((vote_of(&questions, &votes, "uncc:9") - 0.5).abs() < 1e-5);
        assert_eq!(vote_of(&questions, &votes, "uncc:37"), 0.0);
    }

    #[test]
    fn a_looser_likeness_votes_less() {
        let questions = Questions::parse(TWO).unwrap();
        let (votes, closest) =
            questions.votes("files locked by ransomware, can they extradite him");
        assert!(closest < 1.0 && closest > 0.0, "{closest}");
        let ransomware = vote_of(&questions, &votes, "uncc:10");
        let extradition = vote_of(&questions, &votes, "uncc:37");
        assert!(ransomware > 0.0 && extradition > 0.0);
        assert!(ransomware < 1.0 && extradition < 1.0);
    }

    #[test]
    fn a_question_is_named_only_if_like_the_whole_query() {
        let questions = Questions::parse(TWO).unwrap();
        let (_, closest) = questions.votes("ransomware locked my files in zanzibar");
        assert!((closest - 1.0).abs() < 1e-5, "{closest}");
        let asked = |text| questions.asked_like(text, &["uncc:10"])[0];
        assert_eq!(
            asked("ransomware locked my files"),
            Some("ransomware locked my files")
        );
        assert_eq!(asked("ransomware payments zanzibar extortion"), None);
    }

    #[test]
    fn no_shared_word_no_vote() {
        let questions = Questions::parse(TWO).unwrap();
        assert_eq!(questions.votes("the weather in spring"), (Vec::new(), 0.0));
        assert_eq!(Questions::default().votes("ransomware"), (Vec::new(), 0.0));
    }

    #[test]
    fn filter_and_citation_questions_do_not_vote() {
        let questions = Questions::parse(
            "[[question]]\nq = \"secretariat budapest\"\nkind = \"filter\"\nprimary = [\"budapest:46\"]\n\n[[question]]\nq = \"budapest 46\"\nkind = \"citation\"\nprimary = [\"budapest:46\"]\n",
        )
        .unwrap();
        assert_eq!(questions.votes("secretariat budapest"), (Vec::new(), 0.0));
        assert_eq!(questions.votes("budapest 46"), (Vec::new(), 0.0));
    }

    #[test]
    fn what_is_judged_with_an_article_is_the_share_of_its_questions_that_judged_it_so() {
        let questions = Questions::parse(&format!(
            "{TWO}\n[[question]]\nq = \"budapest 5\"\nkind = \"citation\"\nprimary = [\"budapest:5\"]\nrelated = [\"uncc:10\", \"budapest:13\"]\n\n[[question]]\nq = \"penalties\"\nkind = \"term\"\nprimary = [\"budapest:13\"]\nrelated = [\"budapest:5\"]\n"
        ))
        .unwrap();
        let with = questions.judged_with("budapest:5");
        let share = |id: &str| vote_of(&questions, &with, id);
        // Budapest 5 is a primary answer of two questions; the third has it as related only.
        assert!((share("uncc:10") - 0.75).abs() < 1e-5, "{with:?}");
        assert!((share("uncc:9") - 0.25).abs() < 1e-5, "{with:?}");
        assert!((share("budapest:13") - 0.25).abs() < 1e-5, "{with:?}");
        assert_eq!(share("budapest:5"), 0.0);
        assert_eq!(share("uncc:37"), 0.0);
        assert!(questions.judged_with("malabo:29").is_empty());
    }

    #[test]
    fn leaving_questions_out_leaves_their_answers_out() {
        let questions = Questions::parse(TWO).unwrap().without(|i| i == 0);
        assert_eq!(questions.all().len(), 1);
        let (votes, _) = questions.votes("ransomware locked my files");
        assert!(votes.is_empty());
    }

    #[test]
    fn errors_name_the_line() {
        let line = |text: &str| Questions::parse(text).unwrap_err();
        let (at, message) = line("[[question]]\nq = \"x\"\nkind = \"lay\"\nprimary = [\n");
        assert_eq!(at, 5, "{message}");
        let (at, message) =
            line("\n[[question]]\nq = \"hacking\"\nkind = \"layman\"\nprimary = [\"uncc:7\"]\n");
        assert_eq!(at, 2);
        assert!(message.contains("kind \"layman\""), "{message}");
        let (at, message) = line("[[question]]\nq = \"hacking\"\nkind = \"lay\"\nprimary = []\n");
        assert_eq!(at, 1);
        assert!(message.contains("no primary answer"), "{message}");
        let (_, message) = line(
            "[[question]]\nq = \"x\"\nkind = \"lay\"\nprimary = [\"uncc:7\"]\nset = \"dev\"\n",
        );
        assert!(message.contains("unknown field"), "{message}");
    }
}
