"""The demo clinic library, in the team's own words: the iliopsoas and its neighbours.

Called by ``posts.demo.load_content``. Idempotent: everything is found by its slug and
brought back to the text below; review dates are set only when an entry is first made.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .demo_illustrations import exercise_illustration
from .media.services import image_create
from .models import AnatomyTopic, Condition, Equipment, Exercise, ExerciseTarget, Goal, Post, PostExercise, Reference

GOALS = [
    ("stretch", "Stretch"),
    ("strengthen", "Strengthen"),
    ("mobilise", "Mobilise / soft tissue"),
    ("stabilise", "Stabilise"),
    ("warm-up", "Warm-up"),
]

EQUIPMENT = {
    "pull-up-bar": "Pull-up bar",
    "soft-ball": "Soft ball",
    "yoga-mat": "Yoga mat",
    "wall-or-chair": "Wall or chair to hold",
}

GRAYS = {
    "citation": "Standring S (ed). Gray’s Anatomy: The Anatomical Basis of Clinical Practice. 42nd ed. Elsevier, 2020."
}
ANDERSON = {
    "citation": "Anderson CN. Iliopsoas: pathology, diagnosis, and treatment. "
    "Clinics in Sports Medicine. 2016;35(3):419-433.",
    "doi": "10.1016/j.csm.2016.02.009",
    "pubmed_id": "27343394",
}
NICE_BACK = {
    "citation": "National Institute for Health and Care Excellence. Low back pain and sciatica in over 16s: "
    "assessment and management (NG59). 2016, updated 2020.",
    "url": "https://www.nice.org.uk/guidance/ng59",
}

TOPICS = [
    {
        "slug": "iliopsoas",
        "name": "Iliopsoas",
        "kind": AnatomyTopic.Kind.MUSCLE_GROUP,
        "region": AnatomyTopic.Region.HIP_PELVIS,
        "pronunciation": "ILL-ee-oh-SO-as",
        "pronunciation_note": "the p in psoas is silent",
        "aliases": "psoas, hip flexors, iliopsoas muscle",
        "summary": "The deepest and strongest hip flexor: two muscles, psoas major and iliacus, that share one "
        "tendon to the thigh bone.",
        "origin": "Psoas major: the sides of the vertebrae and discs from T12 to L5. "
        "Iliacus: the iliac fossa, the hollow on the inner face of the pelvis.",
        "insertion": "The lesser trochanter of the femur, through one shared tendon.",
        "actions": "Bends the hip: lifts the knee towards the chest\n"
        "Pulls the trunk forward over the thighs when the legs are fixed, as in a sit-up\n"
        "Steadies the lumbar spine and the pelvis while you stand and walk",
        "innervation": "Femoral nerve (iliacus) and branches of the lumbar plexus, L1–L3 (psoas major)",
        "body": "<p>You cannot see the iliopsoas and can barely touch it: it lies behind the contents of the "
        "belly, against the spine and the inside of the pelvis. Its two parts start in different places but "
        "meet low down, pass over the front rim of the pelvis, and pull on the thigh bone through one tendon.</p>"
        "<p>Long hours of sitting keep it short. A short iliopsoas tips the pelvis forward and deepens the "
        "hollow of the low back; a weak one lets the trunk sag. Both show up in the clinic as hip, groin, "
        "back and even knee complaints.</p>",
        "references": [GRAYS, ANDERSON],
    },
    {
        "slug": "psoas-major",
        "name": "Psoas major",
        "kind": AnatomyTopic.Kind.MUSCLE,
        "region": AnatomyTopic.Region.SPINE_TRUNK,
        "parent": "iliopsoas",
        "pronunciation": "SO-as MAY-jer",
        "pronunciation_note": "the p is silent",
        "aliases": "psoas muscle, greater psoas",
        "summary": "The long, rounded half of the iliopsoas, running from the lumbar spine down to the thigh bone.",
        "origin": "The sides of the vertebral bodies and discs from T12 to L5, and the transverse processes "
        "of the lumbar vertebrae.",
        "insertion": "The lesser trochanter of the femur, through the shared iliopsoas tendon.",
        "actions": "Bends the hip\nHelps bend the lumbar spine to its own side\nSteadies the lumbar spine",
        "innervation": "Anterior rami of L1–L3 (lumbar plexus)",
        "references": [GRAYS],
    },
    {
        "slug": "iliacus",
        "name": "Iliacus",
        "kind": AnatomyTopic.Kind.MUSCLE,
        "region": AnatomyTopic.Region.HIP_PELVIS,
        "parent": "iliopsoas",
        "pronunciation": "ih-LY-uh-kus",
        "aliases": "iliacus muscle",
        "summary": "The fan-shaped half of the iliopsoas that lines the inside of the pelvis.",
        "origin": "The upper part of the iliac fossa, the inner lip of the iliac crest and the wing of the sacrum.",
        "insertion": "The lesser trochanter of the femur, joining the psoas tendon.",
        "actions": "Bends the hip\nTips the pelvis forward when the thigh is fixed",
        "innervation": "Femoral nerve (L2–L3)",
        "references": [GRAYS],
    },
    {
        "slug": "gluteus-maximus",
        "name": "Gluteus maximus",
        "kind": AnatomyTopic.Kind.MUSCLE,
        "region": AnatomyTopic.Region.HIP_PELVIS,
        "pronunciation": "GLOO-tee-us MAX-ih-mus",
        "aliases": "glutes, buttock muscle",
        "summary": "The big muscle of the buttock, and the iliopsoas's opposite number: it straightens the hip.",
        "origin": "The back of the ilium, the back of the sacrum and coccyx, and the sacrotuberous ligament.",
        "insertion": "The gluteal tuberosity of the femur and the iliotibial band.",
        "actions": "Straightens the hip: drives you up stairs and out of a chair\n"
        "Turns the thigh outwards\n"
        "Tips the pelvis backwards, the opposite of a tight iliopsoas",
        "innervation": "Inferior gluteal nerve (L5–S2)",
        "references": [GRAYS],
    },
    {
        "slug": "lumbar-spine",
        "name": "Lumbar spine",
        "kind": AnatomyTopic.Kind.REGION,
        "region": AnatomyTopic.Region.SPINE_TRUNK,
        "pronunciation": "LUM-bar",
        "aliases": "lumbar vertebrae",
        "summary": "The five vertebrae of the lower back, L1 to L5. Psoas major starts on their sides.",
    },
    {
        "slug": "pelvis",
        "name": "Pelvis",
        "kind": AnatomyTopic.Kind.BONE,
        "region": AnatomyTopic.Region.HIP_PELVIS,
        "aliases": "pelvic bones",
        "summary": "The ring of bone between the spine and the legs; how far it tips forward or back shapes the "
        "low back above it and the hips below.",
    },
    {
        "slug": "iliac-fossa",
        "name": "Iliac fossa",
        "kind": AnatomyTopic.Kind.LANDMARK,
        "region": AnatomyTopic.Region.HIP_PELVIS,
        "parent": "pelvis",
        "pronunciation": "ILL-ee-ak FOSS-uh",
        "summary": "The smooth, shallow bowl on the inner face of the pelvis where the iliacus starts.",
    },
    {
        "slug": "femur",
        "name": "Femur",
        "kind": AnatomyTopic.Kind.BONE,
        "region": AnatomyTopic.Region.THIGH_KNEE,
        "pronunciation": "FEE-mur",
        "aliases": "thigh bone, thighbone",
        "summary": "The thigh bone, the longest bone in the body, from the hip joint to the knee.",
    },
    {
        "slug": "lesser-trochanter",
        "name": "Lesser trochanter",
        "kind": AnatomyTopic.Kind.LANDMARK,
        "region": AnatomyTopic.Region.THIGH_KNEE,
        "parent": "femur",
        "pronunciation": "LESS-er tro-KAN-ter",
        "summary": "A small bony knob on the inner back of the upper femur, where the iliopsoas tendon attaches.",
    },
    {
        "slug": "iliopsoas-bursa",
        "name": "Iliopsoas bursa",
        "kind": AnatomyTopic.Kind.BURSA,
        "region": AnatomyTopic.Region.HIP_PELVIS,
        "pronunciation": "ILL-ee-oh-SO-as BUR-sa",
        "aliases": "iliopectineal bursa",
        "summary": "A thin sac of fluid between the iliopsoas tendon and the front of the hip joint that lets the "
        "tendon glide.",
    },
    {
        "slug": "hip-joint",
        "name": "Hip joint",
        "kind": AnatomyTopic.Kind.JOINT,
        "region": AnatomyTopic.Region.HIP_PELVIS,
        "summary": "The ball of the femur in the socket of the pelvis: a deep, stable joint that moves in every "
        "direction.",
    },
]

SYNERGISTS = [("psoas-major", "iliacus")]
ANTAGONISTS = [("iliopsoas", "gluteus-maximus"), ("psoas-major", "gluteus-maximus"), ("iliacus", "gluteus-maximus")]

EXERCISES = [
    {
        "slug": "hanging-leg-raise",
        "name": "Hanging leg raise",
        "summary": "Strengthens the hip flexors and the lower belly through their whole range, hanging from a bar.",
        "goals": ["strengthen"],
        "discipline": Exercise.Discipline.STRENGTH,
        "source_credit": "Gymnastics and strength training",
        "equipment": ["pull-up-bar"],
        "difficulty": Exercise.Difficulty.DEMANDING,
        "steps": "Hang from a pull-up bar with your hands shoulder-width apart and your arms straight.\n"
        "Draw your shoulders a little down, away from your ears, and let your legs hang still.\n"
        "Breathe out and lift your knees towards your chest, curling the pelvis up at the end.\n"
        "Pause for a second, then lower your legs slowly, over about three seconds, without swinging.\n"
        "End the set when you can no longer lift without swinging or arching your back.",
        "cues": "The work is at the front of the hips and low in the belly.\n"
        "Lowering slowly matters as much as lifting.\n"
        "Easier: keep the knees bent. Harder: lift straight legs.",
        "cautions": "Leave it out if you have shoulder pain or a recent shoulder injury.\n"
        "Not with a hernia, after recent abdominal surgery, or in pregnancy.\n"
        "Stop if it brings on pain at the front of the hip or in the groin, or your low back aches.",
        "sets": 3,
        "reps": 8,
        "targets": [("iliopsoas", ExerciseTarget.Role.STRENGTHENED)],
    },
    {
        "slug": "abdominal-ball-release",
        "name": "Abdominal soft-tissue release with a ball",
        "aliases": "psoas release, ball release",
        "summary": "Slow, gentle pressure through the belly to ease a tense psoas, breathing out as you let go.",
        "goals": ["mobilise"],
        "discipline": Exercise.Discipline.SOFT_TISSUE,
        "source_credit": "Soft-tissue self-care used in physiotherapy",
        "equipment": ["soft-ball", "yoga-mat"],
        "difficulty": Exercise.Difficulty.GENTLE,
        "steps": "Lie face down on a mat and place a soft ball, about the size of a grapefruit, under your belly, "
        "a hand's width to one side of your navel.\n"
        "Rest your forehead on your hands and let your weight sink onto the ball slowly.\n"
        "Breathe in slowly; as you breathe out, let the belly soften around the ball.\n"
        "Stay for one to two minutes, then move the ball a little lower and stay again.\n"
        "Roll off to the side slowly and repeat on the other side.",
        "cues": "Pressure, not pain: a deep ache that fades as you breathe is fine.\n"
        "If you feel a pulse under the ball, move it further out to the side.",
        "cautions": "Never press where you feel a pulse: large arteries lie deep in the belly.\n"
        "Not in pregnancy, after recent abdominal surgery, with a hernia or with unexplained belly pain.\n"
        "Ask your doctor first if you take blood thinners or have been told you have an aortic aneurysm.",
        "sets": 1,
        "hold_seconds": 90,
        "per_side": True,
        "targets": [("psoas-major", ExerciseTarget.Role.MOBILISED)],
    },
    {
        "slug": "warrior-one",
        "name": "Warrior one",
        "aliases": "Virabhadrasana I",
        "summary": "A standing lunge that stretches the front of the back hip and works the front leg.",
        "goals": ["stretch", "strengthen"],
        "discipline": Exercise.Discipline.YOGA,
        "source_credit": "Hatha yoga (Virabhadrasana I)",
        "equipment": ["yoga-mat"],
        "difficulty": Exercise.Difficulty.MODERATE,
        "steps": "Stand at the front of your mat. Step your left foot back about a leg's length and turn it out "
        "about 45 degrees, heel down.\n"
        "Turn your hips to face the front as far as is comfortable.\n"
        "Bend your right knee until it is over your ankle, keeping the back leg straight and firm.\n"
        "Tuck your tailbone slightly under to flatten the low back, then lift your arms overhead.\n"
        "Breathe steadily for the hold, then step forward and change sides.",
        "cues": "Feel the stretch at the front of the back hip, not in the low back.\n"
        "Tucking the pelvis under is what turns this into a hip-flexor stretch.\n"
        "Keep the front knee in line with your second toe.",
        "cautions": "Keep your hands on your hips if lifting the arms hurts your shoulders.\n"
        "Shorten the stance if the front knee complains.\n"
        "Stand near a wall if your balance is unsteady.",
        "sets": 2,
        "hold_seconds": 30,
        "per_side": True,
        "targets": [
            ("iliopsoas", ExerciseTarget.Role.STRETCHED),
            ("gluteus-maximus", ExerciseTarget.Role.STRENGTHENED),
        ],
    },
    {
        "slug": "triangle",
        "name": "Triangle",
        "aliases": "Trikonasana",
        "summary": "A wide-legged side bend that lengthens the side of the trunk, the inner thigh and the hamstrings.",
        "goals": ["stretch"],
        "discipline": Exercise.Discipline.YOGA,
        "source_credit": "Hatha yoga (Utthita Trikonasana)",
        "equipment": ["yoga-mat"],
        "difficulty": Exercise.Difficulty.MODERATE,
        "steps": "Stand with your feet about a metre apart. Turn the right foot out 90 degrees and the left foot "
        "in slightly.\n"
        "Raise your arms out to the sides at shoulder height.\n"
        "Reach out over the right leg, then tip your trunk down sideways and rest your right hand on your shin, "
        "a block or a chair.\n"
        "Raise your left arm towards the ceiling and turn your chest to the side.\n"
        "Hold, breathing evenly, then press through your feet to come up, and change sides.",
        "cues": "Lengthen both sides of the waist instead of sinking onto the lower one.\n"
        "Expect the stretch along the inner thigh and back of the front leg, and up the side of the trunk.\n"
        "Keep the front knee soft rather than locked.",
        "cautions": "Look down instead of up if your neck is sore or you feel dizzy.\n"
        "Do not force the hand to the floor: rest it higher.",
        "sets": 2,
        "hold_seconds": 30,
        "per_side": True,
        "targets": [("psoas-major", ExerciseTarget.Role.STRETCHED)],
    },
    {
        "slug": "extended-side-angle",
        "name": "Extended side angle",
        "aliases": "Utthita Parsvakonasana",
        "summary": "A deep side lunge that makes one long line from the back heel to the fingertips.",
        "goals": ["stretch", "strengthen"],
        "discipline": Exercise.Discipline.YOGA,
        "source_credit": "Hatha yoga (Utthita Parsvakonasana)",
        "equipment": ["yoga-mat"],
        "difficulty": Exercise.Difficulty.MODERATE,
        "steps": "From a wide stance, turn the right foot out and the left foot in slightly.\n"
        "Bend the right knee over the ankle until the thigh is close to level with the floor.\n"
        "Rest your right forearm on your right thigh, or your hand on a block beside the foot.\n"
        "Reach your left arm over your ear, so that you make one long line from the back heel to the fingertips.\n"
        "Hold, then straighten the front leg to come up, and change sides.",
        "cues": "Press the outer edge of the back foot down: it lengthens the front of the back hip.\n"
        "Keep the chest turned open rather than dropping towards the floor.",
        "cautions": "Stay with the forearm on the thigh if reaching lower strains the knee or back.\n"
        "Leave the top arm on your hip if the shoulder hurts.",
        "sets": 2,
        "hold_seconds": 30,
        "per_side": True,
        "targets": [
            ("iliopsoas", ExerciseTarget.Role.STRETCHED),
            ("gluteus-maximus", ExerciseTarget.Role.STRENGTHENED),
        ],
    },
    {
        "slug": "boat",
        "name": "Boat",
        "aliases": "Navasana, boat pose",
        "summary": "A seated balance that works the hip flexors and the deep trunk muscles together.",
        "goals": ["strengthen", "stabilise"],
        "discipline": Exercise.Discipline.YOGA,
        "source_credit": "Hatha yoga (Navasana)",
        "equipment": ["yoga-mat"],
        "difficulty": Exercise.Difficulty.MODERATE,
        "steps": "Sit with your knees bent and feet flat, hands behind your thighs.\n"
        "Lean back a little with a long spine until you balance just behind your sitting bones.\n"
        "Lift your feet so that your shins are level with the floor.\n"
        "Let go of your thighs and reach your arms forward beside your knees.\n"
        "Hold while breathing steadily, then lower your feet.",
        "cues": "Keep the chest lifted: if your back rounds, lean back less.\n"
        "You should feel the front of the hips and the belly working together.\n"
        "Harder: straighten the legs.",
        "cautions": "Not with a hernia, after recent abdominal surgery, or in pregnancy.\n"
        "Stop if your low back aches; keep your hands behind your thighs instead.",
        "sets": 3,
        "hold_seconds": 15,
        "targets": [("iliopsoas", ExerciseTarget.Role.STRENGTHENED)],
    },
    {
        "slug": "pigeon",
        "name": "Pigeon",
        "aliases": "pigeon pose",
        "summary": "A floor stretch for the buttock of the front leg and the front of the hip of the back leg.",
        "goals": ["stretch"],
        "discipline": Exercise.Discipline.YOGA,
        "source_credit": "Hatha yoga (a preparation for Eka Pada Rajakapotasana)",
        "equipment": ["yoga-mat"],
        "difficulty": Exercise.Difficulty.MODERATE,
        "steps": "From hands and knees, bring your right knee forward behind your right wrist, with the shin "
        "angled across the mat.\n"
        "Slide your left leg straight back, the top of the foot on the floor.\n"
        "Level your hips, with a folded blanket under the right buttock if it does not reach the floor.\n"
        "Stay upright on your hands, or walk your hands forward and lower your chest to stretch the right "
        "buttock more.\n"
        "Hold, then come back to hands and knees and change sides.",
        "cues": "The front leg stretches the buttock; the back leg stretches the front of the hip.\n"
        "Staying upright shifts the stretch towards the front of the back hip.",
        "cautions": "Skip it with knee pain or a knee injury: do the figure-four stretch lying on your back instead.\n"
        "Never let the front knee take your weight.",
        "sets": 2,
        "hold_seconds": 45,
        "per_side": True,
        "targets": [
            ("gluteus-maximus", ExerciseTarget.Role.STRETCHED),
            ("iliopsoas", ExerciseTarget.Role.STRETCHED),
        ],
    },
    {
        "slug": "forward-leg-swings",
        "name": "Forward leg swings",
        "summary": "A pendulum swing of the leg, front to back, to warm up the hip before running or sport.",
        "goals": ["warm-up", "mobilise"],
        "discipline": Exercise.Discipline.MOBILITY,
        "source_credit": "Dynamic warm-up used in running and field sports",
        "equipment": ["wall-or-chair"],
        "difficulty": Exercise.Difficulty.GENTLE,
        "steps": "Stand side-on to a wall or a chair and hold it lightly.\n"
        "Stand tall on the inside leg with a soft knee.\n"
        "Swing the outside leg forward and back like a pendulum, small at first.\n"
        "Let each swing grow a little, keeping your trunk upright.\n"
        "Turn round and swing the other leg.",
        "cues": "Move from the hip, not the low back: the trunk stays still.\nSmooth and controlled, never a kick.",
        "cautions": "Keep the swings small if the front of the hip clicks or hurts.\n"
        "Let the range come; do not force it.",
        "reps": 12,
        "per_side": True,
        "targets": [
            ("iliopsoas", ExerciseTarget.Role.MOBILISED),
            ("gluteus-maximus", ExerciseTarget.Role.MOBILISED),
            ("hip-joint", ExerciseTarget.Role.MOBILISED),
        ],
    },
    {
        "slug": "sideways-leg-swings",
        "name": "Sideways leg swings",
        "summary": "A pendulum swing of the leg across the body and out to the side, to loosen the hip.",
        "goals": ["warm-up", "mobilise"],
        "discipline": Exercise.Discipline.MOBILITY,
        "source_credit": "Dynamic warm-up used in running and field sports",
        "equipment": ["wall-or-chair"],
        "difficulty": Exercise.Difficulty.GENTLE,
        "steps": "Face a wall or the back of a chair and hold it with both hands.\n"
        "Stand on one leg with a soft knee.\n"
        "Swing the other leg across in front of you and out to the side, like a pendulum.\n"
        "Keep your pelvis level and your toes pointing forward.\n"
        "Change legs after the set.",
        "cues": "Feel the inner and outer thigh loosen.\nKeep your trunk facing the wall.",
        "cautions": "Keep it small and slow if your hip or groin is sore.",
        "reps": 12,
        "per_side": True,
        "targets": [("hip-joint", ExerciseTarget.Role.MOBILISED)],
    },
]

CONDITIONS = [
    {
        "slug": "snapping-hip",
        "name": "Snapping hip",
        "aliases": "coxa saltans, clicking hip",
        "summary": "A click or clunk at the front of the hip as the iliopsoas tendon flicks over a bony ridge. "
        "Often harmless; sometimes painful.",
        "symptoms": "A click or clunk deep at the front of the hip, often heard as well as felt\n"
        "It happens as the leg comes down from a raised position, or as you stand up from sitting\n"
        "Sometimes an ache in the groin after activity",
        "pain_pattern": "Felt deep at the front of the hip and in the groin, where the click is; it rarely "
        "spreads further.",
        "when_to_seek_help": "The hip locks, catches or gives way\n"
        "The click started with a fall or a twist\n"
        "Pain at night or at rest",
        "body": "<p>There are two common kinds. In the <strong>internal</strong> kind the iliopsoas tendon "
        "snaps over the front of the pelvis or the head of the femur. In the <strong>external</strong> kind a "
        "band of tissue on the outside of the thigh flicks over the bony point of the hip; that one is not "
        "covered here. A click without pain needs no treatment. A painful one usually settles with stretching "
        "and gradual strengthening of the hip flexors.</p>",
        "topics": ["iliopsoas", "hip-joint"],
        "exercises": ["warrior-one", "extended-side-angle", "boat", "forward-leg-swings"],
        "references": [ANDERSON],
    },
    {
        "slug": "iliopsoas-bursitis",
        "name": "Iliopsoas bursitis",
        "aliases": "iliopectineal bursitis, psoas bursitis",
        "summary": "Irritation of the small fluid-filled sac under the iliopsoas tendon, with a deep ache in the "
        "groin.",
        "symptoms": "A deep ache at the front of the hip or in the groin\n"
        "Worse when you lift the leg, climb stairs or get out of a car\n"
        "Sometimes tender just below the middle of the groin crease",
        "pain_pattern": "Felt in the groin and can spread down the front of the thigh towards the knee.",
        "when_to_seek_help": "Swelling, warmth or redness in the groin\n"
        "Fever or feeling unwell\n"
        "You cannot bear weight on the leg",
        "topics": ["iliopsoas-bursa", "iliopsoas", "hip-joint"],
        "exercises": ["warrior-one", "abdominal-ball-release"],
        "references": [ANDERSON],
    },
    {
        "slug": "iliopsoas-syndrome",
        "name": "Iliopsoas syndrome",
        "aliases": "iliopsoas tendinopathy, psoas syndrome",
        "summary": "Pain in the groin and the front of the thigh from an overloaded iliopsoas, often with the "
        "tendon and bursa both involved.",
        "symptoms": "Groin pain, worse when lifting the leg against resistance\n"
        "Stiffness at the front of the hip after sitting\n"
        "Sometimes a snapping feeling or a low back ache on the same side",
        "pain_pattern": "From the groin down the front of the thigh; sometimes into the low back on the same side.",
        "when_to_seek_help": "Pain that started with a sudden pop\n"
        "Weakness lifting the leg that does not improve\n"
        "Numbness at the front of the thigh",
        "topics": ["iliopsoas", "psoas-major", "iliacus", "iliopsoas-bursa"],
        "exercises": ["warrior-one", "abdominal-ball-release", "boat", "hanging-leg-raise"],
        "references": [ANDERSON],
    },
    {
        "slug": "low-back-pain",
        "name": "Low back pain",
        "aliases": "lower back pain, lumbago",
        "summary": "Pain between the bottom of the ribs and the buttocks. A tight iliopsoas is one of many "
        "possible contributors, through the pull it puts on the lumbar spine and the pelvis.",
        "symptoms": "An ache across the low back, often worse after long sitting or standing\n"
        "Stiffness when you straighten up\n"
        "Relief when you move about",
        "pain_pattern": "Across the low back, sometimes into the buttocks. Pain below the knee, pins and needles "
        "or numbness in the leg point to an irritated nerve and need a clinician's opinion.",
        "when_to_seek_help": "Numbness around the back passage or genitals, or new trouble passing urine or "
        "controlling your bowels: go to an emergency department at once\n"
        "Weakness in a leg or foot\n"
        "Fever, unexplained weight loss, or a history of cancer\n"
        "Pain after a fall or an accident",
        "topics": ["lumbar-spine", "psoas-major", "pelvis"],
        "exercises": ["warrior-one", "pigeon", "triangle", "abdominal-ball-release"],
        "references": [NICE_BACK],
    },
    {
        "slug": "knee-pain",
        "name": "Knee pain and pelvic tilt",
        "aliases": "anterior knee pain",
        "summary": "Knee pain that can start higher up: a pelvis tipped forward by tight hip flexors changes how "
        "the thigh and knee line up under load.",
        "symptoms": "An ache at the front of or around the kneecap\n"
        "Worse on stairs, squatting or after sitting with bent knees\n"
        "Tight hips and an exaggerated hollow in the low back",
        "pain_pattern": "Around and behind the kneecap; it seldom spreads.",
        "when_to_seek_help": "The knee swells, locks or gives way\n"
        "Pain after a twist or a blow\n"
        "You cannot straighten the knee fully",
        "body": "<p>Most knee pain has a cause in the knee itself and deserves a proper examination. The "
        "pelvis is worth a look when the knee hurts without an obvious reason and the hips are stiff: easing "
        "the front of the hips often lets the thigh and knee line up better.</p>",
        "topics": ["iliopsoas", "pelvis", "femur"],
        "exercises": ["warrior-one", "extended-side-angle", "forward-leg-swings"],
    },
]

# The iliopsoas post's exercise programme, in the order the post gives it.
ILIOPSOAS_PROGRAMME = [
    ("hanging-leg-raise", "3 sets of 6 to 10, slowly", "Strength through the whole range; build up to it."),
    ("abdominal-ball-release", "1 to 2 minutes each side", "Gentle pressure beside the navel, never on a pulse."),
    ("warrior-one", "", "Tuck the pelvis under to feel the front of the back hip."),
    ("triangle", "", "A gentler way to lengthen the side of the trunk and the psoas."),
    ("extended-side-angle", "", "Press the back foot down to stretch the front of that hip."),
    ("boat", "", "Hip flexors and deep trunk muscles working together."),
    ("pigeon", "", "Both sides of the hip in one position."),
    ("forward-leg-swings", "", "Before running or sport."),
    ("sideways-leg-swings", "", "Before running or sport."),
]
ILIOPSOAS_TOPICS = ["iliopsoas", "psoas-major", "iliacus", "lesser-trochanter"]
ILIOPSOAS_CONDITIONS = ["snapping-hip", "iliopsoas-bursitis", "iliopsoas-syndrome", "low-back-pain", "knee-pain"]


def _set_references(obj, references):
    content_type = ContentType.objects.get_for_model(obj)
    for order, ref in enumerate(references, start=1):
        defaults = {key: ref.get(key, "") for key in ("citation", "url", "doi", "pubmed_id")}
        Reference.objects.update_or_create(content_type=content_type, object_id=obj.pk, order=order, defaults=defaults)
    obj.references.filter(order__gt=len(references)).delete()


def _reviewed(clinician, review_date):
    """Review date and reviewer, written only when an entry is first created."""
    return {"last_reviewed": review_date, "reviewed_by": clinician}


@transaction.atomic
def load_library(*, clinician):
    """Write the demo topics, conditions and exercises, and link them to the demo posts."""
    today = timezone.localdate()
    goals = {
        slug: Goal.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})[0]
        for order, (slug, name) in enumerate(GOALS, start=1)
    }
    equipment = {
        slug: Equipment.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in EQUIPMENT.items()
    }

    topics = {}
    for data in TOPICS:
        fields = {key: value for key, value in data.items() if key not in ("slug", "parent", "references")}
        fields.update(author=clinician, parent=topics.get(data.get("parent")))
        topic, _ = AnatomyTopic.objects.update_or_create(
            slug=data["slug"], defaults=fields, create_defaults={**fields, **_reviewed(clinician, today)}
        )
        _set_references(topic, data.get("references", []))
        topics[data["slug"]] = topic
    for field, pairs in (("synergists", SYNERGISTS), ("antagonists", ANTAGONISTS)):
        for one, other in pairs:
            getattr(topics[one], field).add(topics[other])

    exercises = {}
    for data in EXERCISES:
        fields = {
            key: value
            for key, value in data.items()
            if key not in ("slug", "goals", "equipment", "targets", "references")
        }
        fields["author"] = clinician
        exercise, _ = Exercise.objects.update_or_create(
            slug=data["slug"], defaults=fields, create_defaults={**fields, **_reviewed(clinician, today)}
        )
        exercise.goals.set([goals[slug] for slug in data["goals"]])
        exercise.equipment.set([equipment[slug] for slug in data["equipment"]])
        keep = []
        for topic_slug, role in data["targets"]:
            target, _ = ExerciseTarget.objects.get_or_create(exercise=exercise, topic=topics[topic_slug], role=role)
            keep.append(target.pk)
        exercise.target_links.exclude(pk__in=keep).delete()
        if not exercise.image_id:
            _illustrate(exercise, clinician=clinician)
        exercises[data["slug"]] = exercise

    # One entry reviewed long ago, so the admin's "review overdue" list has something to show.
    overdue = today - datetime.timedelta(days=430)
    for data in CONDITIONS:
        fields = {key: value for key, value in data.items() if key not in ("slug", "topics", "exercises", "references")}
        fields["author"] = clinician
        review_date = overdue if data["slug"] == "knee-pain" else today
        condition, _ = Condition.objects.update_or_create(
            slug=data["slug"], defaults=fields, create_defaults={**fields, **_reviewed(clinician, review_date)}
        )
        condition.topics.set([topics[slug] for slug in data["topics"]])
        condition.exercises.set([exercises[slug] for slug in data["exercises"]])
        _set_references(condition, data.get("references", []))

    post = Post.objects.filter(slug="its-the-iliopsoas-stupid").first()
    if post is not None:
        post.topics.set([topics[slug] for slug in ILIOPSOAS_TOPICS])
        post.conditions.set([Condition.objects.get(slug=slug) for slug in ILIOPSOAS_CONDITIONS])
        _set_programme(post, [(exercises[slug], dosage, note) for slug, dosage, note in ILIOPSOAS_PROGRAMME])
    warm_up = Post.objects.filter(slug="warm-up-before-you-stretch").first()
    if warm_up is not None:
        _set_programme(
            warm_up,
            [
                (exercises["forward-leg-swings"], "10 each side", ""),
                (exercises["sideways-leg-swings"], "10 each side", ""),
            ],
        )
    sitting = Post.objects.filter(slug="sitting-less-at-work").first()
    if sitting is not None:
        sitting.topics.set([topics["iliopsoas"]])
        sitting.conditions.set([Condition.objects.get(slug="low-back-pain")])


def _illustrate(exercise, *, clinician):
    """Give an exercise without a picture its drawing, through the media library (renditions, alt text).

    An exercise that already has one (the demo's, or one the clinician chose) keeps it; the same
    drawing uploaded again is found by its content, so a rerun adds no image.
    """
    illustration = exercise_illustration(exercise.slug)
    if illustration is None:
        return
    file, alt = illustration
    exercise.image = image_create(
        file=file, alt=alt, title=f"{exercise.name}, drawing", uploaded_by=clinician, reuse_existing=True
    )
    exercise.full_clean()
    exercise.save(update_fields=["image"])


def _set_programme(post, programme):
    keep = []
    for order, (exercise, dosage, note) in enumerate(programme, start=1):
        entry, _ = PostExercise.objects.update_or_create(
            post=post, exercise=exercise, defaults={"order": order, "dosage": dosage, "note": note}
        )
        keep.append(entry.pk)
    post.exercise_entries.exclude(pk__in=keep).delete()
