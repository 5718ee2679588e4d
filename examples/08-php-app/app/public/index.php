<?php echo 'guestbook';
