# mesh_poses.sh - the poses in which the capture tests render the shared
# limb meshes (tests/data/meshes, ATTRIBUTION.md) with limbvol-gen.
# Sourced; needs MESHES (the meshes' folder).  Sets POSES: one pose a line,
# "NAME|MESH|GEN OPTIONS" (MESH one of arm, amp, olt, or - for an analytic
# shape: the standing leg whose foot leaves the bottom of the frame and thigh
# the top).  Images are small (800 x 600 or 600 x 800) to keep the suite fast.

# The limbs' landmarks and axes, in each mesh's coordinates (mm):
# - arm (FMA7163, right arm hanging, z up): the middle of the wrist at its
#   narrowest (z = 830 mm, 2 cm above the ulnar styloid), towards the middle
#   of the elbow (z = 1070 mm); seen from the front (palm towards the camera).
# - amp, olt (transtibial residual limbs, proximal end up): 3 cm above the
#   distal end, towards the middle of the proximal cut.
mesh_args() {
	case $1 in
	arm) echo "--mesh $MESHES/FMA7163_right_arm.stl --landmark -253.4,-112.0,830 --towards -213.4,-58.8,1070" ;;
	amp) echo "--mesh $MESHES/ampscan_residual_limb.stl --landmark 7.2,-3.3,-183 --towards 2.4,3.7,0 --marker 0:60" ;;
	olt) echo "--mesh $MESHES/OpenLimbTT_mean_skin.stl --landmark 4.9,15.5,-123 --towards 2.2,2.1,0 --marker 0:60" ;;
	-) ;; # an analytic shape: everything is in the pose's options
	esac
}

# fov L D: the horizontal field of view (degrees) that shows L cm across at D cm
fov() { awk -v L="$1" -v D="$2" 'BEGIN { printf "%.3f", 2 * atan2(L / 2, D) * 45 / atan2(1, 1) }'; }

LIGHT=225,225,220
DARK=90,45,25
ARM_RANGE="--from 0 --to 28"
RES_RANGE="--from 0 --to 15 --step 3"
POSES="arm-hanging|arm|--size 600x800 --tilt -90 --distance 80 --fov $(fov 45 80) --landmark-at 0.5,0.63 $ARM_RANGE
arm-horizontal|arm|--size 800x600 --tilt 0 --distance 70 --fov $(fov 60 70) --landmark-at 0.37,0.5 --marker-side above --background $LIGHT $ARM_RANGE
arm-tilt15|arm|--size 800x600 --tilt 15 --distance 100 --fov $(fov 62 100) --landmark-at 0.33,0.4 --background $DARK $ARM_RANGE
arm-hanging-tilt15-150cm|arm|--size 600x800 --tilt -75 --distance 150 --fov $(fov 46 150) --landmark-at 0.55,0.66 --marker-side above $ARM_RANGE
arm-elbow-bent|arm|--size 800x600 --tilt 0 --distance 60 --fov $(fov 62 60) --landmark-at 0.37,0.45 --bend 12 --bend-at 25 $ARM_RANGE
amp-hanging|amp|--size 800x600 --tilt -90 --distance 60 --fov $(fov 34 60) --landmark-at 0.4,0.7 $RES_RANGE
amp-horizontal|amp|--size 800x600 --tilt 180 --distance 120 --fov $(fov 34 120) --landmark-at 0.6,0.3 --marker-side above --background $DARK $RES_RANGE
olt-hanging|olt|--size 800x600 --tilt -90 --distance 60 --fov $(fov 34 60) --landmark-at 0.4,0.7 --background $LIGHT $RES_RANGE
olt-horizontal|olt|--size 800x600 --tilt 180 --distance 120 --fov $(fov 34 120) --landmark-at 0.6,0.3 --marker-side above $RES_RANGE
leg-standing-cut|-|--shape leg --foot forward --size 600x800 --tilt -90 --distance 100 --fov $(fov 34 100) --landmark-at 0.5,0.78 --marker 0:60 --from 0 --to 32"
