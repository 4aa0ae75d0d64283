"""Questions a researcher, policy analyst or student would ask of the article, answered by SPARQL.

Each test asks the graph one question drawn from the source article ("AI Alignment") and
checks the answer the article gives. The questions walk through the whole article: the
summary, the quick assessment, the alignment techniques, recent advances, key challenges,
adversarial robustness, national security, governance, expert views, timeline, cruxes,
and the sources. Expected values are the article's numbers, names and short terms.
"""

from __future__ import annotations

import pytest

import alignkg

KG = alignkg.KnowledgeGraph


def column(kg: KG, query: str, var: str = "label") -> set:
    """The set of values one variable takes over the rows of a query."""
    return {row[var] for row in kg.query(query)}


def finding_values(kg: KG, about: str) -> dict[str, dict]:
    """Every finding about an entity, keyed by its value: metric, baseline, range, timeline."""
    rows = kg.query(f"""
        SELECT ?f ?value ?metric ?baseline ?range ?timeline ?quantity WHERE {{
          ?f a akg:Finding ; akg:about id:{about} ; akg:value ?value .
          OPTIONAL {{ ?f akg:metric ?metric }}
          OPTIONAL {{ ?f akg:baseline ?baseline }}
          OPTIONAL {{ ?f akg:range ?range }}
          OPTIONAL {{ ?f akg:timeline ?timeline }}
          OPTIONAL {{ ?f akg:quantity ?quantity }}
        }}""")
    return {r["value"]: r for r in rows}


# --------------------------------------------------------------------------- summary & quick assessment


def test_the_quick_assessment_rates_current_effectiveness_b_and_scalability_c_minus(kg: KG) -> None:
    rows = kg.query("""SELECT ?metric ?value WHERE {
        ?f a akg:Finding ; dcterms:source id:sec-quick-assessment ; akg:metric ?metric ; akg:value ?value }""")
    grades = {r["metric"]: r["value"] for r in rows}
    assert grades["Tractability"] == "Medium"
    assert grades["Current Effectiveness"] == "B"
    assert grades["Scalability"] == "C-"
    assert grades["Resource Requirements"] == "Medium-High"
    assert grades["Timeline to Impact"] == "1-3 years"
    assert grades["Expert Consensus"] == "Divided"
    assert grades["Industry Safety Assessment"] == "D to C+ range"


def test_how_much_leading_labs_spend_on_alignment(kg: KG) -> None:
    labs = column(kg, """SELECT ?label WHERE {
        ?f akg:value "$100M+/year" ; akg:about ?o . ?o a akg:Organization ; rdfs:label ?label }""")
    assert labs == {"OpenAI", "Anthropic", "Google DeepMind"}
    share = column(kg, """SELECT ?v WHERE {
        ?f akg:metric ?m ; akg:value ?v FILTER(CONTAINS(LCASE(?m), "r&d spending")) }""", "v")
    assert share == {"≈10-15%"}


def test_expert_odds_for_aligning_agi_range_from_10_to_60_percent(kg: KG) -> None:
    values = column(kg, """SELECT ?v WHERE {
        ?f a akg:Finding ; akg:about id:agi ; akg:metric ?m ; akg:value ?v
        FILTER(CONTAINS(LCASE(?m), "success")) }""", "v")
    assert "10-60%" in values


# --------------------------------------------------------------------------- techniques


def test_which_organization_leads_each_deployed_forward_technique(kg: KG) -> None:
    rows = kg.query("""SELECT ?technique ?leader WHERE {
        ?t akg:maturity id:maturity-deployed ; akg:direction id:forward-alignment ; rdfs:label ?technique .
        OPTIONAL { ?t akg:ledBy/rdfs:label ?leader } }""")
    leaders = {(r["technique"], r.get("leader")) for r in rows}
    assert ("RLHF", "OpenAI") in leaders
    assert ("Constitutional AI", "Anthropic") in leaders


def test_rlhf_lifts_gpt4_on_mmlu_from_70_to_82_percent(kg: KG) -> None:
    rows = kg.query("""SELECT ?v ?b WHERE {
        ?f a akg:Finding ; akg:about id:rlhf, id:gpt-4, id:mmlu ; akg:value ?v ; akg:baseline ?b }""")
    assert [(r["v"], r["b"]) for r in rows] == [("82%", "70%")]


def test_debate_on_mnist_reaches_88_9_percent_from_six_pixels(kg: KG) -> None:
    rows = kg.query("""SELECT ?v ?b ?method WHERE {
        ?f a akg:Finding ; akg:about id:debate, id:mnist ; akg:value ?v ; akg:baseline ?b ; akg:method ?method }""")
    assert len(rows) == 1
    assert (rows[0]["v"], rows[0]["b"]) == ("88.9%", "59.4%")
    assert "6 pixels" in rows[0]["method"]


def test_who_wrote_the_debate_paper_and_when(kg: KG) -> None:
    rows = kg.query("""SELECT ?author (STR(?year) AS ?y) WHERE {
        ?p rdfs:label "AI Safety via Debate"@en ; dcterms:issued ?year ; dcterms:creator/rdfs:label ?author }""")
    assert {r["author"] for r in rows} == {"Geoffrey Irving", "Paul Christiano", "Dario Amodei"}
    assert {r["y"] for r in rows} == {"2018"}


def test_weak_to_strong_gpt4_supervised_by_gpt2_recovers_70_to_90_percent(kg: KG) -> None:
    values = finding_values(kg, "gpt-2")
    assert "70-90%" in values
    assert "near-GPT-3.5 performance" in values
    w2s = finding_values(kg, "weak-to-strong-generalization")
    assert {"85-95%", "30-60%", "15-30%"} <= set(w2s)


def test_what_limits_iterated_amplification_and_how_deep_its_trees_go(kg: KG) -> None:
    rows = kg.query("""SELECT ?lim ?alt WHERE {
        ?t rdfs:label "Iterated Amplification"@en ; akg:keyLimitation ?lim ; skos:altLabel ?alt }""")
    assert {r["lim"] for r in rows} == {"Error compounds across recursion tree"}
    assert {"Amplification", "Iterated Distillation and Amplification", "IDA"} <= {r["alt"] for r in rows}
    assert "3-7 levels" in finding_values(kg, "iterated-amplification")


def test_recursive_reward_modeling_cuts_expert_time_by_60_percent(kg: KG) -> None:
    values = finding_values(kg, "recursive-reward-modeling")
    assert {"20-40%", "5-15%", "60%", "90%"} <= set(values)
    leaders = column(kg, "SELECT ?label WHERE { id:recursive-reward-modeling akg:ledBy/rdfs:label ?label }")
    assert leaders == {"Jan Leike"}


# --------------------------------------------------------------------------- oversight & control


def test_who_leads_formal_verification_and_adversarial_robustness_work(kg: KG) -> None:
    rows = {(r["technique"], r["leader"]) for r in kg.query("leading-work")}
    assert ("Formal Verification", "Academic labs") in rows
    assert ("Adversarial Robustness of Alignment", "Noirot Ferrand") in rows
    assert ("Adversarial Robustness of Alignment", "Andy Zou") in rows


def test_redwood_control_evaluations_catch_obvious_misalignment_but_not_deception(kg: KG) -> None:
    rows = kg.query("""SELECT ?metric ?v WHERE {
        ?f a akg:Finding ; akg:about id:ai-control ; dcterms:source id:greenblatt-2023-ai-control ;
           akg:metric ?metric ; akg:value ?v }""")
    found = {r["metric"]: r["v"] for r in rows}
    assert found["Detection rate for obvious misalignment"] == "85%"
    assert found["Detection rate for sophisticated deception"] == "40-60%"
    assert column(kg, "SELECT ?label WHERE { id:ai-control akg:ledBy/rdfs:label ?label }") == {"Redwood Research"}


# --------------------------------------------------------------------------- industry assessment


def test_the_fli_index_uses_35_indicators_across_six_domains(kg: KG) -> None:
    quantities = column(kg, """SELECT ?q WHERE {
        ?f a akg:Finding ; akg:about id:ai-safety-index ; akg:quantity ?q }""", "q")
    assert {35.0, 6.0} <= quantities
    assert column(kg, "SELECT ?label WHERE { id:ai-safety-index akg:developedBy/rdfs:label ?label }") == {
        "Future of Life Institute"}


def test_which_companies_got_d_minus_overall(kg: KG) -> None:
    companies = column(kg, """SELECT ?label WHERE {
        ?a akg:assessedBy id:future-of-life-institute ; akg:dimension id:dimension-overall ;
           akg:grade "D-" ; akg:subject/rdfs:label ?label }""")
    assert companies == {"DeepSeek", "Alibaba Cloud"}


# --------------------------------------------------------------------------- recent advances


def test_dictionary_learning_extracted_16_million_features_from_claude_3_sonnet(kg: KG) -> None:
    rows = kg.query("""SELECT ?q ?dev WHERE {
        ?f a akg:Finding ; akg:about id:dictionary-learning, id:claude-3-sonnet ; akg:quantity ?q ;
           akg:metric "Number of features extracted" .
        id:claude-3-sonnet akg:developedBy/rdfs:label ?dev }""")
    assert {r["q"] for r in rows} == {16_000_000.0}
    assert {r["dev"] for r in rows} == {"Anthropic"}


def test_collective_constitutional_ai_polled_1000_americans_with_60_to_70_percent_consensus(kg: KG) -> None:
    values = finding_values(kg, "collective-constitutional-ai")
    assert values["1,000"]["quantity"] == 1000.0
    assert "60-70%" in values
    assert column(kg, "SELECT ?label WHERE { id:collective-constitutional-ai akg:ledBy/rdfs:label ?label }") == {
        "Anthropic"}


def test_debate_tops_the_2025_oversight_benchmark_but_falls_to_52_percent_at_400_elo(kg: KG) -> None:
    rows = kg.query("""SELECT ?v WHERE {
        ?f a akg:Finding ; dcterms:source id:sudhir-2025-scalable-oversight-benchmark ; akg:about id:debate ;
           akg:value ?v }""")
    assert {"+0.3 to +0.7", "~52%"} <= {r["v"] for r in rows}
    assert column(kg, "SELECT ?l WHERE { ?c skos:altLabel \"ASD\"@en ; rdfs:label ?l }", "l") == {
        "Agent Score Difference"}


def test_recursive_self_critiquing_improves_summaries_by_20_to_35_percent(kg: KG) -> None:
    assert "20-35%" in finding_values(kg, "recursive-self-critiquing")


def test_anthropic_activated_asl3_with_claude_opus_4_because_of_cbrn_knowledge(kg: KG) -> None:
    rows = kg.query("""SELECT ?dev ?model ?parent WHERE {
        id:asl-3 akg:developedBy/rdfs:label ?dev ; akg:targets/rdfs:label ?model ; skos:broader/rdfs:label ?parent }""")
    assert {(r["dev"], r["model"], r["parent"]) for r in rows} == {
        ("Anthropic", "Claude Opus 4", "Responsible Scaling Policy")}
    trigger = column(kg, """SELECT ?v WHERE {
        ?f akg:about id:asl-3, id:misuse-cbrn ; akg:metric "Trigger for ASL-3 activation" ; akg:value ?v }""", "v")
    assert trigger == {"continued improvements in CBRN-related knowledge"}


def test_asl3_security_makes_model_weight_theft_harder(kg: KG) -> None:
    defences = column(kg, "SELECT ?label WHERE { ?t akg:addresses id:model-weight-theft ; rdfs:label ?label }")
    assert "Weight protection" in defences
    assert "ASL-3" in column(kg, "SELECT ?l WHERE { id:weight-protection skos:related/rdfs:label ?l }", "l")


# --------------------------------------------------------------------------- RLHF metrics & fundamental problems


def test_rlhf_v_cut_hallucination_on_llava_by_13_8_points_at_cvpr_2024(kg: KG) -> None:
    rows = kg.query("""SELECT ?v ?venue WHERE {
        ?f a akg:Finding ; akg:about id:rlhf-v, id:llava ; akg:value ?v ; dcterms:source ?p .
        ?p akg:venue ?venue }""")
    assert {(r["v"], r["venue"]) for r in rows} == {("13.8 points relative", "CVPR 2024")}


def test_why_standard_rlhf_suffers_preference_collapse(kg: KG) -> None:
    rows = kg.query("""SELECT ?method WHERE {
        ?f akg:about id:rlhf, id:preference-collapse ; akg:method ?method }""")
    assert {r["method"] for r in rows} == {"KL-based regularization"}


def test_which_model_showed_alignment_faking_and_when(kg: KG) -> None:
    rows = kg.query("""SELECT ?model ?t WHERE {
        ?f a akg:Finding ; akg:about id:alignment-faking ; akg:about ?m ; akg:timeline ?t .
        ?m a akg:AIModel ; rdfs:label ?model }""")
    assert {(r["model"], r["t"]) for r in rows} == {("Claude 3 Opus", "2024")}


def test_outer_alignment_reward_functions_are_gamed_in_15_to_30_percent_of_cases(kg: KG) -> None:
    assert "15-30%" in finding_values(kg, "outer-alignment")
    assert "20-40%" in finding_values(kg, "outer-alignment")


def test_safety_tuned_models_degrade_25_to_50_percent_out_of_distribution(kg: KG) -> None:
    assert column(kg, "SELECT ?r WHERE { ?r skos:altLabel \"OOD\"@en }", "r")
    assert "25-50%" in finding_values(kg, "ai-distributional-shift")


def test_shallow_safety_alignment_study_appeared_on_openreview_in_2024(kg: KG) -> None:
    rows = kg.query("""SELECT ?venue (STR(?y) AS ?year) WHERE {
        ?p a akg:Publication ; akg:about id:shallow-safety-alignment ; akg:venue ?venue ; dcterms:issued ?y }""")
    assert {(r["venue"], r["year"]) for r in rows} == {("OpenReview", "2024")}


def test_how_many_outputs_a_human_can_review_per_day(kg: KG) -> None:
    values = finding_values(kg, "challenge-human-oversight")
    assert values["≈100-200 outputs/day"]["baseline"] == "millions"
    assert "5-10%" in values


# --------------------------------------------------------------------------- adversarial robustness


def test_who_wrote_targeting_alignment_and_where_it_was_accepted(kg: KG) -> None:
    rows = kg.query("""SELECT ?author ?venue ?list WHERE {
        ?p rdfs:label "Targeting Alignment: Extracting Safety Classifiers of Aligned LLMs"@en ;
           akg:venue ?venue ; akg:authorList ?list ; dcterms:creator/rdfs:label ?author }""")
    assert {r["author"] for r in rows} == {"Noirot Ferrand", "Beugin", "Pauley", "Sheatsley", "McDaniel"}
    assert {r["venue"] for r in rows} == {"IEEE SaTML 2026"}
    assert {r["list"] for r in rows} == {"Noirot Ferrand, Beugin, Pauley, Sheatsley, McDaniel"}


def test_a_surrogate_from_half_of_llama_2_lifts_attack_success_from_22_to_70_percent(kg: KG) -> None:
    values = finding_values(kg, "llama-2")
    assert values["70%"]["baseline"] == "22%"
    assert "50%" in values
    assert column(kg, "SELECT ?l WHERE { id:surrogate-classifier-attack akg:targets/rdfs:label ?l }", "l") >= {
        "Llama 2"}
    assert column(kg, "SELECT ?c WHERE { ?c skos:altLabel \"ASR\"@en }", "c")


def test_surrogates_built_from_20_percent_of_weights_reach_over_80_percent_f1(kg: KG) -> None:
    rows = kg.query("""SELECT ?metric ?method WHERE {
        ?f a akg:Finding ; akg:about id:surrogate-classifier-attack ; akg:value ">80%" ;
           akg:metric ?metric ; akg:method ?method }""")
    assert len(rows) == 1
    assert "F1" in rows[0]["metric"] and "20%" in rows[0]["method"]
    assert "20%" in finding_values(kg, "implicit-safety-classifier")


def test_gcg_suffixes_transfer_from_open_models_to_chatgpt_bard_and_claude(kg: KG) -> None:
    rows = kg.query("""SELECT ?target ?author WHERE {
        ?a skos:altLabel "GCG"@en ; akg:targets/rdfs:label ?target ; akg:developedBy/rdfs:label ?author }""")
    assert {"ChatGPT", "Bard", "Claude"} <= {r["target"] for r in rows}
    assert "Andy Zou" in {r["author"] for r in rows}


def test_ndss_2025_sorts_misalignment_attacks_into_three_kinds_with_fine_tuning_most_potent(kg: KG) -> None:
    attacks = column(kg, """SELECT ?label WHERE {
        ?p akg:venue "NDSS 2025" ; akg:about ?a . ?a a akg:Attack ; rdfs:label ?label }""")
    assert {"System-prompt modification", "Model fine-tuning", "Model editing",
            "Self-Supervised Representation Attack"} <= attacks
    assert "Supervised fine-tuning" in finding_values(kg, "fine-tuning-attack")
    assert "three" in finding_values(kg, "safety-misalignment")


def test_bct_cut_gemini_attack_success_from_67_8_to_2_9_percent_but_raised_over_refusals(kg: KG) -> None:
    rows = kg.query("""SELECT ?v ?b ?bench WHERE {
        ?f a akg:Finding ; akg:about id:bias-augmented-consistency-training, id:gemini-2-5-flash ;
           akg:about ?x ; akg:value ?v ; akg:baseline ?b . ?x a akg:Benchmark ; rdfs:label ?bench }""")
    assert {(r["v"], r["b"], r["bench"]) for r in rows} == {("2.9%", "67.8%", "ClearHarm")}
    side_effects = column(kg, """SELECT ?label WHERE {
        ?f akg:about id:bias-augmented-consistency-training ; akg:about ?r . ?r a akg:Risk ; rdfs:label ?label }""")
    assert "Over-refusal" in side_effects


def test_dark_experience_replay_was_evaluated_on_mistral_7b_and_gemma_2b(kg: KG) -> None:
    models = column(kg, """SELECT ?label WHERE {
        ?f a akg:Finding ; akg:about id:dark-experience-replay ; akg:about ?m . ?m a akg:AIModel ; rdfs:label ?label }""")
    assert models == {"Mistral-7B", "Gemma-2B"}


def test_distillation_erodes_safety_up_to_50_percent_more_than_fine_tuning(kg: KG) -> None:
    assert "up to 50% greater" in finding_values(kg, "distillation-attack")


def test_which_defences_address_safety_classifier_extraction(kg: KG) -> None:
    solutions = column(kg, """SELECT ?label WHERE {
        id:challenge-safety-classifier-extraction akg:proposedSolution/rdfs:label ?label }""")
    assert {"Weight protection", "Model access controls", "Bias-Augmented Consistency Training"} <= solutions
    status = column(kg, "SELECT ?s WHERE { id:challenge-safety-classifier-extraction akg:successProbability ?s }", "s")
    assert status == {"Under active investigation"}


# --------------------------------------------------------------------------- national security


def test_who_sits_on_anthropics_national_security_council(kg: KG) -> None:
    members = column(kg, """SELECT ?label WHERE {
        ?p akg:memberOf ?c ; rdfs:label ?label .
        ?c rdfs:label "Anthropic National Security and Public Sector Advisory Council"@en ;
           dcterms:isPartOf id:anthropic }""")
    assert members == {"Roy Blunt", "Jon Tester", "Patrick M. Shanahan", "David S. Cohen", "Lisa E. Gordon-Hagerty",
                       "Jill Hruby", "Dave Luber", "Christopher Fonzone", "Richard Fontaine"}
    size = column(kg, """SELECT ?q WHERE {
        ?f akg:about id:anthropic-national-security-council ; akg:metric "Number of inaugural members" ;
           akg:quantity ?q }""", "q")
    assert size == {11.0}


def test_which_council_members_ran_the_nnsa(kg: KG) -> None:
    former = column(kg, """SELECT ?label WHERE {
        ?p akg:memberOf id:anthropic-national-security-council ; akg:formerlyAffiliatedWith id:nnsa ;
           rdfs:label ?label }""")
    assert former == {"Lisa E. Gordon-Hagerty", "Jill Hruby"}


def test_richard_fontaine_leads_cnas_and_also_sits_on_the_long_term_benefit_trust(kg: KG) -> None:
    rows = kg.query("""SELECT ?org ?body WHERE {
        ?p rdfs:label "Richard Fontaine"@en ; akg:affiliatedWith/rdfs:label ?org ; akg:memberOf/rdfs:label ?body }""")
    assert {r["org"] for r in rows} == {"Center for a New American Security"}
    assert "Anthropic's Long-Term Benefit Trust" in {r["body"] for r in rows}


def test_when_the_council_was_announced_and_who_first_reported_it(kg: KG) -> None:
    dates = column(kg, """SELECT ?v WHERE {
        ?f akg:about id:anthropic-national-security-council ; akg:metric "Announcement date" ; akg:value ?v }""", "v")
    assert dates == {"August 27, 2025"}
    reporters = column(kg, """SELECT ?label WHERE {
        ?p a akg:Publication ; akg:about id:anthropic-national-security-council ; dcterms:creator ?o .
        ?o a akg:Organization ; akg:organizationType id:orgtype-media ; rdfs:label ?label }""")
    assert "Axios" in reporters


def test_the_councils_mandate_covers_cybersecurity_intelligence_and_science(kg: KG) -> None:
    mandate = column(kg, """SELECT ?v WHERE {
        ?f akg:about id:anthropic-national-security-council ; akg:metric "Stated mandate" ; akg:value ?v }""", "v")
    assert mandate == {"cybersecurity, intelligence analysis, and scientific research"}


def test_claude_gov_is_anthropics_model_line_for_government_customers(kg: KG) -> None:
    rows = kg.query("""SELECT ?dev ?family WHERE {
        ?m rdfs:label "Claude Gov"@en ; a akg:AIModel ; akg:developedBy/rdfs:label ?dev ; skos:broader/rdfs:label ?family }""")
    assert {(r["dev"], r["family"]) for r in rows} == {("Anthropic", "Claude")}
    assert "classified U.S. government networks" in finding_values(kg, "claude-gov")


def test_no_rival_lab_had_a_comparable_council(kg: KG) -> None:
    rows = kg.query("""SELECT ?label WHERE {
        ?f akg:about id:anthropic-national-security-council ; akg:metric "Comparable councils at other labs" ;
           akg:about ?o . ?o a akg:Organization ; rdfs:label ?label }""")
    assert {"OpenAI", "Google DeepMind"} <= {r["label"] for r in rows}


def test_national_security_use_makes_both_over_and_under_refusal_severe(kg: KG) -> None:
    risks = column(kg, """SELECT ?label WHERE {
        ?r a akg:Risk ; dcterms:source id:sec-national-security ; rdfs:label ?label }""")
    assert {"Over-refusal", "Under-refusal"} <= risks


# --------------------------------------------------------------------------- governance


def test_the_fy2025_ndaa_puts_the_cdao_in_charge_of_the_dod_ai_framework(kg: KG) -> None:
    rows = kg.query("""SELECT ?target WHERE {
        ?law skos:altLabel "FY2025 NDAA"@en ; akg:targets/rdfs:label ?target }""")
    assert {"Department of Defense", "Chief Digital and AI Officer"} <= {r["target"] for r in rows}
    parent = column(kg, "SELECT ?l WHERE { ?o skos:altLabel \"CDAO\"@en ; dcterms:isPartOf/rdfs:label ?l }", "l")
    assert parent == {"Department of Defense"}


def test_the_fy2026_ndaa_orders_an_ai_futures_steering_committee_by_april_1_2026(kg: KG) -> None:
    rows = kg.query("""SELECT ?v WHERE {
        ?f a akg:Finding ; akg:about id:fy2026-ndaa, id:ai-futures-steering-committee ; akg:value ?v }""")
    assert {"April 1, 2026", "establish an AI Futures Steering Committee"} <= {r["v"] for r in rows}
    assert column(kg, "SELECT ?l WHERE { id:ai-futures-steering-committee skos:broader/rdfs:label ?l }", "l") == {
        "FY2026 National Defense Authorization Act"}


def test_what_crs_sipri_and_the_atlantic_council_say_about_defence_ai(kg: KG) -> None:
    rows = kg.query("""SELECT ?org ?v WHERE {
        ?f a akg:Finding ; dcterms:source id:sec-governance-national-security ; akg:about ?o ; akg:value ?v .
        ?o a akg:Organization ; rdfs:label ?org }""")
    said = {(r["org"], r["v"]) for r in rows}
    assert ("Congressional Research Service", "no known official guidance or policy specific to agentic AI") in said
    assert ("SIPRI", "hard to observe and are non-deterministic") in said
    assert ("Atlantic Council", "at best porous when the technology is inherently dual-use in nature") in said


# --------------------------------------------------------------------------- expert views


def test_ai_impacts_surveyed_2778_researchers_who_expect_human_level_ai_by_2040(kg: KG) -> None:
    values = finding_values(kg, "ai-impacts")
    assert values["2,778"]["quantity"] == 2778.0
    ranges = column(kg, """SELECT ?range WHERE {
        ?f akg:about id:ai-impacts ; akg:value ?v ; akg:range ?range FILTER(STR(?v) = "2040") }""", "range")
    assert "2027-2060" in ranges  # several findings say 2040: ask for the one with its range, not any one of them
    catastrophe = finding_values(kg, "catastrophic-misalignment")
    assert catastrophe["5-20%"]["range"] == "1-50%+"


def test_metaculus_gives_agi_25_percent_by_2027_and_50_percent_by_2031(kg: KG) -> None:
    rows = kg.query("""SELECT ?t ?v WHERE {
        ?f akg:about id:metaculus ; akg:timeline ?t ; akg:value ?v }""")
    assert {(r["t"], r["v"]) for r in rows} == {("2027", "25% probability"), ("2031", "50% probability")}


def test_which_lab_leaders_predict_agi_within_3_to_5_years(kg: KG) -> None:
    people = column(kg, """SELECT ?label WHERE {
        ?f a akg:Finding ; akg:value "3-5 years" ; akg:about ?p . ?p a akg:Person ; rdfs:label ?label }""")
    assert people == {"Sam Altman", "Demis Hassabis", "Dario Amodei"}


def test_paul_christiano_left_openai_to_lead_arc_and_works_on_amplification(kg: KG) -> None:
    rows = kg.query("""SELECT ?now ?before ?topic ?stance WHERE {
        ?p rdfs:label "Paul Christiano"@en ; akg:affiliatedWith/rdfs:label ?now ;
           akg:formerlyAffiliatedWith/rdfs:label ?before ; akg:worksOn/rdfs:label ?topic ; akg:stance/rdfs:label ?stance }""")
    assert {r["now"] for r in rows} == {"ARC"}
    assert {r["before"] for r in rows} == {"OpenAI"}
    assert {"Iterated Amplification", "Debate"} <= {r["topic"] for r in rows}
    assert {r["stance"] for r in rows} == {"Optimistic"}


def test_jan_leike_moved_from_openai_superalignment_to_anthropic(kg: KG) -> None:
    rows = kg.query("""SELECT ?now ?before ?topic WHERE {
        id:jan-leike akg:affiliatedWith/rdfs:label ?now ; akg:formerlyAffiliatedWith/rdfs:label ?before ;
                     akg:worksOn/rdfs:label ?topic }""")
    assert {r["now"] for r in rows} == {"Anthropic"}
    assert {r["before"] for r in rows} == {"OpenAI"}
    assert "Weak-to-Strong Generalization" in {r["topic"] for r in rows}
    assert "30-60%" in finding_values(kg, "jan-leike")


def test_pessimists_yudkowsky_nanda_and_miri_give_their_numbers(kg: KG) -> None:
    yudkowsky = finding_values(kg, "eliezer-yudkowsky")
    assert "above 90%" in yudkowsky
    assert column(kg, "SELECT ?r WHERE { id:eliezer-yudkowsky akg:role ?r }", "r") == {"MIRI founder"}
    nanda = finding_values(kg, "neel-nanda")
    assert "less than 5%" in nanda
    assert column(kg, "SELECT ?o WHERE { id:neel-nanda akg:affiliatedWith/rdfs:label ?o }", "o") == {"Google DeepMind"}
    assert "10-30%" in finding_values(kg, "miri")


# --------------------------------------------------------------------------- timeline, cruxes, strategy


def test_the_timeline_lists_five_projections_per_horizon(kg: KG) -> None:
    rows = kg.query("""SELECT ?h (COUNT(?p) AS ?n) WHERE {
        ?p a akg:Projection ; akg:horizon/rdfs:label ?h } GROUP BY ?h""")
    assert {r["h"]: r["n"] for r in rows} == {
        "Near-term (1-3 years)": 5, "Medium-term (3-7 years)": 5, "Long-term (7+ years)": 5}
    medium = column(kg, """SELECT ?label WHERE {
        ?p a akg:Projection ; akg:horizon id:horizon-medium-term ; rdfs:label ?label }""")
    assert "Standardized safety testing protocols for national security AI deployment" in medium


def test_the_technical_cruxes_and_strategic_questions(kg: KG) -> None:
    rows = kg.query("""SELECT ?label ?sec WHERE {
        ?q a akg:OpenQuestion ; rdfs:label ?label ; dcterms:source ?sec
        FILTER(?sec IN (id:sec-technical-cruxes, id:sec-strategic-questions)) }""")
    cruxes = {r["label"] for r in rows if r["sec"].endswith("sec-technical-cruxes")}
    strategic = {r["label"] for r in rows if r["sec"].endswith("sec-strategic-questions")}
    assert len(cruxes) == 5 and len(strategic) == 6
    assert "Is deceptive alignment detectable?" in cruxes
    assert "Can safety classifiers be made robust to extraction?" in cruxes
    assert "Should We Pause AI Development?" in strategic


def test_the_rice_framework_has_four_principles_and_two_directions(kg: KG) -> None:
    principles = column(kg, "SELECT ?label WHERE { ?p a akg:Principle ; rdfs:label ?label }")
    assert principles == {"Robustness", "Interpretability", "Controllability", "Ethicality"}
    directions = column(kg, "SELECT ?label WHERE { ?d a akg:AlignmentDirection ; rdfs:label ?label }")
    assert directions == {"Forward alignment", "Backward alignment"}


# --------------------------------------------------------------------------- sources & resources


def test_the_nist_ai_rmf_is_the_only_five_star_source(kg: KG) -> None:
    rows = kg.query("""SELECT ?label ?kind WHERE {
        ?p a akg:Publication ; akg:credibility 5 ; rdfs:label ?label ; akg:sourceKind ?kind }""")
    assert {(r["label"], r["kind"]) for r in rows} == {("NIST AI Risk Management Framework", "government")}


def test_the_organizations_table_sorts_labs_safety_orgs_and_evaluators(kg: KG) -> None:
    rows = kg.query("""SELECT ?org ?type WHERE {
        ?o akg:organizationType/rdfs:label ?type ; rdfs:label ?org ; dcterms:source id:sec-organizations-and-labs }""")
    typed = {(r["org"], r["type"]) for r in rows}
    assert {("CHAI", "Safety Orgs"), ("MIRI", "Safety Orgs"), ("Redwood Research", "Safety Orgs"),
            ("ARC", "Evaluation"), ("METR", "Evaluation"), ("OpenAI", "AI Labs")} <= typed


@pytest.mark.parametrize("acronym, label", [
    ("RLHF", "RLHF"), ("CAI", "Constitutional AI"), ("W2S", "Weak-to-Strong Generalization"),
    ("IDA", "Iterated Amplification"), ("RRM", "Recursive Reward Modeling"), ("RSP", "Responsible Scaling Policy"),
    ("GCG", "Greedy Coordinate Gradient"), ("SSRA", "Self-Supervised Representation Attack"),
    ("BCT", "Bias-Augmented Consistency Training"), ("CDAO", "Chief Digital and AI Officer"),
    ("NDAA", "FY2025 National Defense Authorization Act"), ("ASR", "Attack success rate"),
    ("ASD", "Agent Score Difference"), ("OOD", "AI Distributional Shift"), ("CBRN", "CBRN misuse"),
    ("SFT", "Supervised fine-tuning"), ("RLAIF", "RLAIF"), ("CCAI", "Collective Constitutional AI"),
    ("FLI", "Future of Life Institute"), ("CNAS", "Center for a New American Security"),
])
def test_each_acronym_the_article_uses_finds_its_entry(kg: KG, acronym: str, label: str) -> None:
    found = column(kg, f"""SELECT ?label WHERE {{
        ?x rdfs:label|skos:altLabel "{acronym}"@en ; rdfs:label ?label }}""")
    assert label in found
