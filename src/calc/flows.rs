//! The chain and its physical flows: the links resolved to stage indices, each stage's
//! inbound and outbound links, the stages in feed (topological) order, the shares links carry
//! once switches and export bans apply, and the quantity of every stage and feed used on
//! every link, year by year, four years to a row ([`Flows`]). A recalculation that leaves ids
//! and links as they were keeps the chain's shape and refreshes only its figures.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::validate::{ByStage, LinkEnds};
use crate::model::{Destination, Project};

use super::PARALLEL_FROM_STAGES;
use super::accounts::StageFlows;
use super::lanes::{Figure, LANES, Lanes};
use super::prices::Prices;
use super::terms::{Plan, StageTerms};

/// A link with both ends resolved to stage indices, and what the accounts need of its ends.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct ResolvedLink {
    from: usize,
    to: usize,
    share: f64,
    transport_per_unit: f64,
    /// Price of the upstream stage's product, which values what the link carries.
    pub(super) upstream_price: f64,
    upstream_abroad: bool,
    downstream_abroad: bool,
}

/// The links of a validated project resolved to stage indices, with each stage's inbound and
/// outbound links listed once (flat, in link order), so the calculation never searches.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Chain {
    /// The stage index at each end of every link, as validation resolved them (every end
    /// found): what the shape was laid out from, handed to validation again while it is kept
    /// (set once the calculation is done; empty while it runs).
    pub(super) link_ends: Vec<LinkEnds>,
    pub(super) links: Vec<ResolvedLink>,
    /// The links into each stage, in link order.
    inbound: ByStage<usize>,
    /// The links out of each stage, in link order.
    outbound: ByStage<usize>,
    pub(super) order: Vec<usize>,
    /// The stages in topological order with what their physical flows need, read through
    /// once per year: kept small and in the order they are read.
    steps: Vec<Step>,
    /// Inbound links of each step, in step order and link order within a step.
    feeds: Vec<Feed>,
    /// Stages that make only what their links take (an export ban, or unlinked output with
    /// no buyer), downstream first.
    curtailed: Vec<usize>,
    /// What the links and flows need of each stage, in project order: working memory of
    /// [`Chain::refresh`], kept so that a recalculation needs none of its own.
    nodes: Vec<Node>,
    /// The yearly prices of the stages the price deck prices.
    pub(super) prices: Prices,
}

/// One stage of [`Chain::steps`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Step {
    index: usize,
    plan: Plan,
    /// Its inbound links: `feeds[feeds_start..feeds_end]`.
    feeds_start: usize,
    feeds_end: usize,
}

/// One inbound link of a [`Step`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Feed {
    /// The upstream stage.
    from: usize,
    link: usize,
    /// Share (0-1) of the upstream output the link carries.
    share: f64,
}

/// What the links and the yearly flows need of a stage, taken from its [`StageTerms`] into a
/// compact table in file order: links jump between stages, and a national chain's stage
/// results lie far apart in memory.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Node {
    plan: Plan,
    price: f64,
    abroad: bool,
    export_ban: bool,
    /// Where output no link takes goes.
    unlinked: Destination,
}

impl Node {
    fn of(terms: &StageTerms) -> Self {
        Self {
            plan: terms.plan,
            price: terms.price,
            abroad: !terms.domestic,
            export_ban: terms.export_ban,
            unlinked: terms.unlinked,
        }
    }

    /// True when the stage makes only what its links take: a banned stage whose unlinked
    /// output would be exported, or one whose unlinked output has no buyer.
    fn places_all_on_links(&self) -> bool {
        match self.unlinked {
            Destination::Export => self.export_ban,
            Destination::DomesticMarket => false,
            Destination::NotSold => true,
        }
    }
}

impl Chain {
    /// The chain's shape: which stages each link joins, each stage's inbound and outbound
    /// links, and the stages in feed `order` with their inbound links, for the `count` stages
    /// of a project whose links resolved to `link_ends` (every end resolved). It depends on
    /// the stage ids and links alone, so a recalculation after an edit of figures keeps it;
    /// [`Chain::refresh`] fills in the figures.
    pub(super) fn shape(count: usize, order: Vec<usize>, link_ends: &[LinkEnds]) -> Self {
        let links: Vec<ResolvedLink> = link_ends
            .iter()
            .filter_map(|&(from, to)| {
                Some(ResolvedLink {
                    from: from?,
                    to: to?,
                    ..ResolvedLink::default()
                })
            })
            .collect();
        let inbound = ByStage::of(count, links.iter().map(|link| link.to).zip(0..));
        let outbound = ByStage::of(count, links.iter().map(|link| link.from).zip(0..));
        let mut feeds = Vec::with_capacity(links.len());
        let steps = order
            .iter()
            .map(|&index| {
                let feeds_start = feeds.len();
                feeds.extend(inbound.of_stage(index).iter().map(|&link| Feed {
                    from: links[link].from,
                    link,
                    share: 0.0,
                }));
                Step {
                    index,
                    plan: Plan::default(),
                    feeds_start,
                    feeds_end: feeds.len(),
                }
            })
            .collect();
        Self {
            link_ends: Vec::new(),
            links,
            inbound,
            outbound,
            steps,
            feeds,
            curtailed: Vec::new(),
            order,
            nodes: Vec::new(),
            prices: Prices::default(),
        }
    }

    /// Whether this chain has the shape [`Chain::shape`] gives `project`: the same number of
    /// links, and each link's ids still those of the stages it was resolved to. With the
    /// stage ids themselves unchanged (unique, as validated), the links resolve as before.
    pub(super) fn fits_links_of(&self, project: &Project) -> bool {
        let fits = |(resolved, link): (&ResolvedLink, &crate::model::Link)| {
            project
                .stages
                .get(resolved.from)
                .is_some_and(|from| from.id == link.from)
                && project
                    .stages
                    .get(resolved.to)
                    .is_some_and(|to| to.id == link.to)
        };
        self.links.len() == project.links.len()
            && if project.links.len() >= PARALLEL_FROM_STAGES {
                self.links.par_iter().zip(&project.links).all(fits)
            } else {
                self.links.iter().zip(&project.links).all(fits)
            }
    }

    /// Fills in the figures of a chain of `project`'s shape from its links and its stages'
    /// terms (`terms`, in project order): what each link carries under the policy, its
    /// transport cost, the prices and locations at its ends, each stage's plan, and the
    /// stages whose output an export ban curtails; and the yearly prices of the stages the
    /// deck prices, for the years of `rows`.
    pub(super) fn refresh<'t>(
        &mut self,
        project: &Project,
        terms: impl Iterator<Item = &'t StageTerms>,
        rows: &[[i32; LANES]],
    ) {
        let mut nodes = std::mem::take(&mut self.nodes);
        nodes.clear();
        nodes.extend(terms.map(Node::of));
        self.prices.refresh(project, rows);
        self.grade_and_recovery(project, &mut nodes);
        for (resolved, link) in self.links.iter_mut().zip(&project.links) {
            let (from, to) = (&nodes[resolved.from], &nodes[resolved.to]);
            // The file's share in percent until `apply_policy_shares` below.
            resolved.share = link.share_pct;
            resolved.transport_per_unit = link.transport_cost_per_unit;
            resolved.upstream_price = from.price;
            resolved.upstream_abroad = from.abroad;
            resolved.downstream_abroad = to.abroad;
        }
        apply_policy_shares(&nodes, &mut self.links, &self.outbound);
        for step in &mut self.steps {
            step.plan = nodes[step.index].plan;
        }
        for feed in &mut self.feeds {
            feed.share = self.links[feed.link].share;
        }
        self.curtailed.clear();
        self.curtailed.extend(
            self.order
                .iter()
                .rev()
                .copied()
                .filter(|&index| nodes[index].places_all_on_links()),
        );
        self.nodes = nodes;
    }

    /// Sets the feed per unit of every stage that states grade and recovery (in `nodes`, in
    /// project order) from its grades, the feed grade taken from the stage feeding it by its
    /// first inbound link when it states none (`docs/METHOD.md` section 16.4). A stage whose
    /// grades are unknown keeps its typed feed per unit; validation refuses it.
    fn grade_and_recovery(&self, project: &Project, nodes: &mut [Node]) {
        for (index, stage) in project.stages.iter().enumerate() {
            if stage.grade_recovery.is_none() {
                continue;
            }
            let upstream = self
                .inbound(index)
                .first()
                .and_then(|&link| project.stages.get(self.links[link].from));
            if let Some(per_unit) = stage.input_from_grades(upstream, &project.prices) {
                nodes[index].plan.input_per_unit = per_unit;
            }
        }
    }

    /// Price of what link `link` carries (its upstream stage's product) in year `k`.
    pub(super) fn upstream_price(&self, link: usize, k: usize) -> f64 {
        self.links.get(link).map_or(0.0, |resolved| {
            self.prices
                .price_in(resolved.from, k, resolved.upstream_price)
        })
    }

    /// Feed per unit of product of stage `index` as the calculation used it (from grade and
    /// recovery where the stage states them).
    pub(super) fn input_per_unit(&self, index: usize) -> Option<f64> {
        self.nodes.get(index).map(|node| node.plan.input_per_unit)
    }

    fn inbound(&self, stage: usize) -> &[usize] {
        self.inbound.of_stage(stage)
    }

    fn outbound(&self, stage: usize) -> &[usize] {
        self.outbound.of_stage(stage)
    }

    /// What stage `index`, with these `terms`, moved in the four years of row `row` of
    /// `flows` (the years `years`): its scheduled utilisation and its quantity, and the feed
    /// and deliveries along its links, summed link by link in link order.
    #[inline]
    pub(super) fn stage_flows(
        &self,
        flows: &Flows,
        index: usize,
        terms: &StageTerms,
        (row, years): (usize, &[i32; LANES]),
    ) -> StageFlows<Lanes> {
        let (price, by_products) = self.prices.of(index, row, (terms.price, terms.by_products));
        let (royalty_rate, royalty_extra) = self.prices.royalty(index, row, terms.royalty_rate);
        let cell = row * flows.stage_row + index;
        let used = &flows.used[row * flows.link_row..(row + 1) * flows.link_row];
        let zero = Lanes::splat(0.0);
        let mut years = StageFlows {
            utilisation: terms.plan.utilisation_in(years),
            quantity: flows.quantity[cell],
            feed_used: zero,
            material_cost: zero,
            material_from_abroad: zero,
            transport_cost: zero,
            transport_from_abroad: zero,
            delivered: zero,
            delivered_abroad: zero,
            sold_to_abroad_value: zero,
            price,
            by_products,
            royalty_rate,
            royalty_base_extra_per_unit: Lanes::splat(royalty_extra),
        };
        for &l in self.inbound(index) {
            let link = &self.links[l];
            let used = used[l];
            let upstream_price = self.prices.price_of(link.from, row, link.upstream_price);
            let value = used * upstream_price;
            let transport = used * link.transport_per_unit;
            years.feed_used += used;
            years.material_cost += value;
            years.transport_cost += transport;
            if link.upstream_abroad {
                // Freight on feed from abroad is bought abroad (an import of services).
                years.material_from_abroad += value;
                years.transport_from_abroad += transport;
            }
        }
        for &l in self.outbound(index) {
            let used = used[l];
            years.delivered += used;
            if self.links[l].downstream_abroad {
                years.sold_to_abroad_value += used * price;
                years.delivered_abroad += used;
            }
        }
        years
    }
}

/// Turns each link's share from the file's percent into the share (0-1) it carries once
/// stage switches, export bans and unsold output apply: nothing to or from a switched-off
/// stage; nothing from a banned stage to a stage abroad; and a stage that places all its
/// output on its links (banned with its unlinked output exported, or with unlinked output no
/// one buys) offers all of it to the links that may take it, in proportion to their shares
/// (it must be processed in the chain). `outbound` lists each stage's links in link order,
/// so the shares are summed in the same order as in `docs/METHOD.md` 13.
fn apply_policy_shares(nodes: &[Node], links: &mut [ResolvedLink], outbound: &ByStage<usize>) {
    // Sum of the file's shares of the links that may take the output of a stage placing all
    // of it on its links, by stage (only filled for the stages that need it).
    let mut placed_total: FxHashMap<usize, f64> = FxHashMap::default();
    for (from, upstream) in nodes.iter().enumerate() {
        if upstream.plan.active && upstream.places_all_on_links() {
            let total = outbound
                .of_stage(from)
                .iter()
                .map(|&l| &links[l])
                .filter(|link| may_take(upstream, &nodes[link.to]))
                .map(|link| link.share)
                .sum::<f64>();
            placed_total.insert(from, total);
        }
    }
    for link in links.iter_mut() {
        link.share = policy_share(nodes, link, placed_total.get(&link.from).copied());
    }
}

/// True when `downstream` may take `upstream`'s output: it runs, and it is at home when
/// `upstream` is under an export ban.
fn may_take(upstream: &Node, downstream: &Node) -> bool {
    downstream.plan.active && !(upstream.export_ban && downstream.abroad)
}

/// Share (0-1) `link` carries once switches, export bans and unsold output apply (see
/// [`apply_policy_shares`]); `link.share` is still the file's percent, and `placed_total`
/// the sum of the shares that may take the upstream stage's output when it places all of it
/// on its links.
fn policy_share(nodes: &[Node], link: &ResolvedLink, placed_total: Option<f64>) -> f64 {
    let (upstream, downstream) = (&nodes[link.from], &nodes[link.to]);
    let share_pct = link.share;
    if !upstream.plan.active || !may_take(upstream, downstream) {
        return 0.0;
    }
    if !upstream.places_all_on_links() {
        return share_pct / 100.0;
    }
    match placed_total {
        Some(total) if total > 0.0 => share_pct / total,
        _ => 0.0,
    }
}

/// A stage that places all its output on its links makes only what they use: under an export
/// ban the rest would have to leave the country, and unsold output has no buyer, so it is not
/// made. Walks the chain downstream-first so a curtailed stage's lower feed use curtails such
/// stages upstream of it in turn, in one row of quantities and feed used (four years).
fn curtail_placed_output(chain: &Chain, quantity: &mut [Lanes], used: &mut [Lanes]) {
    let zero = Lanes::splat(0.0);
    for &index in &chain.curtailed {
        let delivered = chain
            .outbound(index)
            .iter()
            .fold(Lanes::splat(-0.0), |sum, &l| sum + used[l]);
        let made = quantity[index];
        // In the years it makes more than its links use: it makes only that.
        let kept = made.where_above(zero, delivered / made, zero);
        quantity[index] = made.where_above(delivered, delivered, made);
        for &l in chain.inbound(index) {
            used[l] = made.where_above(delivered, used[l] * kept, used[l]);
        }
    }
}

/// Physical flows of every year, in flat arrays of one row per four years (every year's
/// flows are worked out on their own, so rows can be filled in parallel): stage `s` in year
/// `k` at lane `k % LANES` of `k / LANES * stage_row + s`, link `l` at lane `k % LANES` of
/// `k / LANES * link_row + l`. Lanes past the last year are worked out and never read.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Flows {
    /// Stages per row (at least 1, so that rows can be split off even when there are none).
    stage_row: usize,
    /// Links per row (at least 1, likewise).
    link_row: usize,
    quantity: Vec<Lanes>,
    /// Feed actually used along each resolved link.
    used: Vec<Lanes>,
}

impl Flows {
    /// Sizes the arrays for `stages` stages and `links` links over `rows` rows of four years,
    /// keeping the memory of earlier flows (every cell is written before it is read, so old
    /// values may stay; but for the one cell a row of an empty list holds, which is zeroed).
    pub(super) fn size_for(&mut self, stages: usize, links: usize, rows: usize) {
        if stages == 0 {
            self.quantity.clear();
        }
        if links == 0 {
            self.used.clear();
        }
        self.stage_row = stages.max(1);
        self.link_row = links.max(1);
        self.quantity
            .resize(self.stage_row * rows, Lanes::default());
        self.used.resize(self.link_row * rows, Lanes::default());
    }

    #[inline]
    pub(super) fn used(&self, link: usize, k: usize) -> f64 {
        self.used[k / LANES * self.link_row + link].0[k % LANES]
    }
}

/// The years of the horizon four at a time, the last row padded with the years after it.
pub(super) fn year_rows(years: &[i32]) -> impl Iterator<Item = [i32; LANES]> + '_ {
    let first = years.first().copied().unwrap_or_default();
    (0..years.len().div_ceil(LANES)).map(move |row| {
        std::array::from_fn(|lane| {
            let k = row * LANES + lane;
            years
                .get(k)
                .copied()
                .unwrap_or_else(|| first.saturating_add(k as i32))
        })
    })
}

/// Quantity of every stage and feed used on every link, for the years of `rows` (four to a
/// row, see [`year_rows`]), into `flows` (its memory reused). Years are independent of one
/// another, so a large chain's rows are worked out in parallel.
pub(super) fn flows_into(
    project: &Project,
    chain: &Chain,
    rows: &[[i32; LANES]],
    flows: &mut Flows,
) {
    flows.size_for(project.stages.len(), chain.links.len(), rows.len());
    let (stage_row, link_row) = (flows.stage_row, flows.link_row);
    if project.stages.len() >= PARALLEL_FROM_STAGES {
        flows
            .quantity
            .par_chunks_mut(stage_row)
            .zip(flows.used.par_chunks_mut(link_row))
            .zip(rows)
            .for_each(|((quantity, used), years)| row_flows(chain, years, quantity, used));
    } else {
        flows
            .quantity
            .chunks_mut(stage_row)
            .zip(flows.used.chunks_mut(link_row))
            .zip(rows)
            .for_each(|((quantity, used), years)| row_flows(chain, years, quantity, used));
    }
}

/// The flows of four years, into their row: stages are taken in topological order, so every
/// upstream quantity is final when a stage draws on it. Each lane is one year's arithmetic.
fn row_flows(chain: &Chain, years: &[i32; LANES], quantity: &mut [Lanes], used: &mut [Lanes]) {
    for step in &chain.steps {
        let (index, stage) = (step.index, &step.plan);
        let inbound = &chain.feeds[step.feeds_start..step.feeds_end];
        let planned = stage.utilisation_in(years) * stage.capacity;
        if inbound.is_empty() {
            quantity[index] = planned;
            continue;
        }
        let shipped = |feed: &Feed| quantity[feed.from] * feed.share;
        let available = inbound
            .iter()
            .fold(Lanes::splat(-0.0), |sum, feed| sum + shipped(feed));
        let made = if stage.input_per_unit > 0.0 {
            planned.min(available / stage.input_per_unit)
        } else {
            Lanes::splat(0.0)
        };
        // Feed is drawn from every inbound link in proportion to what it ships (none in the
        // years nothing is available).
        let drawn = (made * stage.input_per_unit / available).min(Lanes::splat(1.0));
        for feed in inbound {
            used[feed.link] = available.where_positive(shipped(feed) * drawn);
        }
        quantity[index] = made;
    }
    curtail_placed_output(chain, quantity, used);
}
